package io.metafe.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.Change;
import io.metafe.edit.EditLog;
import io.metafe.edit.EditLogClosedException;
import io.metafe.journal.NodeState;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.records.CreateDatabase;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller carries out the machine's actions on real services over an in-memory journal. */
class RoleControllerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final MemoryJournal journal = new MemoryJournal();
  private final CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
  private final List<String> fatal = new CopyOnWriteArrayList<>();
  private RoleController roles;
  private volatile String master;
  private volatile Catalog reloaded = Catalog.empty();

  @AfterEach
  void close() {
    if (roles != null) {
      roles.close();
    }
  }

  private RoleController controller(boolean electable) {
    return controller(electable, RoleServices.none());
  }

  private RoleController controller(boolean electable, RoleServices services) {
    roles =
        new RoleController(
            electable,
            journal,
            holder,
            j -> {
              EditLog log = new EditLog(j, holder, 16, fatal::add, Clock.system());
              log.start();
              return log;
            },
            fatal::add,
            c -> {},
            () -> master,
            () -> reloaded,
            services,
            Clock.system());
    return roles;
  }

  private void appendDatabases(long... ids) {
    for (long id : ids) {
      journal.append(List.of(RecordCodec.encode(new CreateDatabase(id, "db" + id))));
    }
  }

  private static Change<Long> createDatabase(String name) {
    return c -> {
      long id = c.nextId();
      return Change.Proposal.of(id, new CreateDatabase(id, name));
    };
  }

  @Test
  void aReplicaReplaysThenAsMasterAppliesTheRestBeforeItWrites() throws Exception {
    RoleController roles = controller(true);
    appendDatabases(101, 102, 103);
    roles.initialTransition(NodeState.REPLICA);
    assertThat(roles.type()).isEqualTo(FeType.FOLLOWER);
    assertThat(holder.awaitJournalId(3, TIMEOUT))
        .as("the replayer applied the master's entries")
        .isTrue();
    assertThat(roles.editLog()).isNull();

    // Whether the replayer or the catch-up applies these, the master holds them before its first
    // write.
    appendDatabases(104, 105);
    roles.onNodeState(NodeState.MASTER);
    await(() -> roles.type() == FeType.MASTER && roles.editLog() != null);
    assertThat(holder.current().journalId()).isGreaterThanOrEqualTo(5);
    roles.editLog().submit(createDatabase("fresh"), TIMEOUT);
    assertThat(journal.lastId()).isEqualTo(6);
    assertThat(holder.current().database("fresh").isDefined()).isTrue();
    assertThat(holder.current().database("db105").isDefined()).isTrue();
    assertThat(fatal).isEmpty();
  }

  @Test
  void aMasterThatLosesMastershipStopsWritingThenFollowsTheNewMasterInProcess() throws Exception {
    RoleController roles = controller(true);
    roles.initialTransition(NodeState.MASTER);
    EditLog log = roles.editLog();
    log.submit(createDatabase("before"), TIMEOUT);

    master = "127.0.0.1_9010_2";
    roles.onNodeState(NodeState.REPLICA);
    await(() -> roles.type() == FeType.FOLLOWER && roles.editLog() == null);
    assertThat(roles.editLog()).isNull();
    assertThatThrownBy(() -> log.submit(createDatabase("after"), TIMEOUT))
        .isInstanceOf(EditLogClosedException.class)
        .hasMessageContaining("no longer the master")
        .hasMessageContaining("the master is now 127.0.0.1_9010_2");
    assertThat(holder.current().database("after").isDefined()).isFalse();

    assertThat(roles.imageableThrough())
        .as("until the new master's entries arrive, only what was confirmed")
        .isEqualTo(1);
    // The new master's entries arrive through replication; this FE applies them after its own.
    appendDatabases(102, 103);
    assertThat(holder.awaitJournalId(3, TIMEOUT)).isTrue();
    assertThat(holder.current().database("db103").isDefined()).isTrue();
    assertThat(roles.imageableThrough())
        .as("bdbje kept this FE's entries")
        .isEqualTo(Long.MAX_VALUE);
    assertThat(fatal).isEmpty();

    // Elected again later: it catches up and writes once more.
    roles.onNodeState(NodeState.MASTER);
    await(() -> roles.type() == FeType.MASTER && roles.editLog() != null);
    roles.editLog().submit(createDatabase("again"), TIMEOUT);
    assertThat(journal.lastId()).isEqualTo(4);
    assertThat(fatal).isEmpty();
  }

  @Test
  void eachRoleRunsItsOwnServicesOnlyWhileItHoldsTheRole() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    controller(
        true,
        new RoleServices(
            () -> {
              events.add("master started, writing=" + (roles.editLog() != null));
              return () -> events.add("master stopped, writing=" + (roles.editLog() != null));
            },
            () -> {
              events.add("replica started");
              return () -> events.add("replica stopped");
            }));

    roles.initialTransition(NodeState.REPLICA);
    assertThat(events).containsExactly("replica started");

    roles.onNodeState(NodeState.MASTER);
    await(() -> roles.type() == FeType.MASTER && events.size() == 3);
    assertThat(events)
        .as("the master's services start once it can write, after the replica's stopped")
        .containsExactly("replica started", "replica stopped", "master started, writing=true");

    master = "127.0.0.1_9010_2";
    roles.onNodeState(NodeState.REPLICA);
    await(() -> roles.type() == FeType.FOLLOWER && events.size() == 5);
    assertThat(events.subList(3, 5))
        .as("a step-down stops the master's services before its write path, then replays")
        .containsExactly("master stopped, writing=true", "replica started");

    roles.onNodeState(NodeState.UNKNOWN);
    roles.close();
    assertThat(events.subList(5, events.size()))
        .as("an UNKNOWN replica keeps replaying; closing stops what runs")
        .containsExactly("replica stopped");
    assertThat(fatal).isEmpty();
  }

  @Test
  void aMasterWithoutQuorumStopsWritingAndServesReads() throws Exception {
    RoleController roles = controller(true);
    roles.initialTransition(NodeState.MASTER);
    roles.editLog().submit(createDatabase("kept"), TIMEOUT);
    roles.onNodeState(NodeState.UNKNOWN);
    await(() -> roles.type() == FeType.UNKNOWN && roles.editLog() == null);
    assertThat(roles.editLog()).isNull();
    assertThat(holder.current().database("kept").isDefined()).isTrue();
    assertThat(fatal).isEmpty();
  }

  @Test
  void anObserverToldItIsMasterStopsWithoutWriting() throws Exception {
    RoleController roles = controller(false);
    roles.initialTransition(NodeState.REPLICA);
    assertThat(roles.type()).isEqualTo(FeType.OBSERVER);
    roles.onNodeState(NodeState.MASTER);
    await(() -> !fatal.isEmpty());
    assertThat(fatal).singleElement().asString().contains("OBSERVER as MASTER");
    assertThat(roles.editLog()).isNull();
    assertThat(journal.lastId()).isZero();
  }

  @Test
  void aDetachedReplicaStopsReplaying() throws Exception {
    RoleController roles = controller(true);
    roles.initialTransition(NodeState.REPLICA);
    appendDatabases(101);
    assertThat(holder.awaitJournalId(1, TIMEOUT)).isTrue();
    roles.onNodeState(NodeState.DETACHED);
    await(() -> !fatal.isEmpty());
    assertThat(fatal).singleElement().asString().contains("DETACHED");
    appendDatabases(102);
    Thread.sleep(200);
    assertThat(holder.current().journalId()).as("nothing replayed after the stop").isEqualTo(1);
  }

  @Test
  void aReplicaWhoseEntriesBdbjeRollsBackReopensReloadsAndReplaysTheNewHistoryInProcess()
      throws Exception {
    RollbackJournal rolling = new RollbackJournal();
    roles =
        new RoleController(
            true,
            rolling,
            holder,
            j -> {
              throw new AssertionError("a replica never writes");
            },
            fatal::add,
            c -> {},
            () -> master,
            () ->
                io.metafe.edit.JournalReplay.replay(
                    rolling, Catalog.empty(), rolling.lastId(), Clock.system()),
            RoleServices.none(),
            Clock.system());
    rolling.add(new CreateDatabase(101, "kept"), new CreateDatabase(102, "rolled_back"));
    roles.initialTransition(NodeState.REPLICA);
    assertThat(holder.awaitJournalId(2, TIMEOUT)).isTrue();
    assertThat(holder.current().database("rolled_back").isDefined()).isTrue();

    // The new master never had entry 2: bdbje invalidates the environment, and entry 2 is another
    // one afterwards.
    rolling.invalidateKeepingThrough(1, new CreateDatabase(202, "new_history"));
    await(() -> holder.current().database("new_history").isDefined());
    assertThat(holder.current().database("rolled_back").isDefined()).isFalse();
    assertThat(holder.current().database("kept").isDefined()).isTrue();
    assertThat(roles.type()).isEqualTo(FeType.FOLLOWER);
    assertThat(fatal).isEmpty();

    rolling.add(new CreateDatabase(203, "later"));
    assertThat(holder.awaitJournalId(3, TIMEOUT)).as("replay goes on after the reopen").isTrue();
  }

  @Test
  void bdbjeInvalidatingAReplicaForARollbackReopensItOnceInsteadOfStopping() throws Exception {
    RollbackJournal rolling = new RollbackJournal();
    roles =
        new RoleController(
            false,
            rolling,
            holder,
            j -> {
              throw new AssertionError("an observer never writes");
            },
            fatal::add,
            c -> {},
            () -> master,
            () ->
                io.metafe.edit.JournalReplay.replay(
                    rolling, Catalog.empty(), rolling.lastId(), Clock.system()),
            RoleServices.none(),
            Clock.system());
    rolling.add(new CreateDatabase(101, "kept"), new CreateDatabase(102, "rolled_back"));
    roles.initialTransition(NodeState.REPLICA);
    assertThat(holder.awaitJournalId(2, TIMEOUT)).isTrue();

    rolling.invalidateKeepingThrough(1, new CreateDatabase(202, "new_history"));
    roles.onNodeState(NodeState.INVALIDATED);
    await(() -> holder.current().database("new_history").isDefined());
    assertThat(holder.current().database("rolled_back").isDefined()).isFalse();
    assertThat(roles.type()).isEqualTo(FeType.OBSERVER);
    assertThat(rolling.reopens)
        .as("the replayer's report and bdbje's lead to one reopen")
        .isEqualTo(1);
    // A report that arrives after the reopen (bdbje's, sent as it invalidated the old environment)
    // changes nothing.
    roles.onNodeState(NodeState.INVALIDATED);
    Thread.sleep(100);
    assertThat(rolling.reopens).isEqualTo(1);
    assertThat(fatal).isEmpty();
    assertThat(fatal).isEmpty();

    // A DETACHED of a usable environment (closed from outside) still stops the FE.
    roles.onNodeState(NodeState.DETACHED);
    await(() -> !fatal.isEmpty());
    assertThat(fatal).singleElement().asString().contains("DETACHED");
  }

  @Test
  void aStepDownWhoseHandlesBdbjeRefusesToReopenStillReplays() throws Exception {
    RollbackJournal rolling = new RollbackJournal();
    roles =
        new RoleController(
            true,
            rolling,
            holder,
            j -> {
              EditLog log = new EditLog(j, holder, 16, fatal::add, Clock.system());
              log.start();
              return log;
            },
            fatal::add,
            c -> {},
            () -> master,
            Catalog::empty,
            RoleServices.none(),
            Clock.system());
    roles.initialTransition(NodeState.MASTER);
    roles.editLog().submit(createDatabase("written"), TIMEOUT);

    rolling.failNextReopen = true;
    roles.onNodeState(NodeState.REPLICA);
    await(() -> roles.type() == FeType.FOLLOWER && roles.editLog() == null);
    rolling.add(new CreateDatabase(102, "replayed"));
    assertThat(holder.awaitJournalId(2, TIMEOUT)).isTrue();
    assertThat(rolling.failNextReopen).as("the step-down tried to reopen").isFalse();
    assertThat(fatal).isEmpty();
  }

  /**
   * A journal that can be invalidated as bdbje does before a rollback, then reopened with another
   * tail.
   */
  private static final class RollbackJournal implements io.metafe.journal.Journal {
    private final List<byte[]> entries = new java.util.ArrayList<>();
    private List<byte[]> afterReopen = List.of();
    private boolean usable = true;
    volatile int reopens;
    volatile boolean failNextReopen;

    synchronized void add(io.metafe.records.JournalRecord... records) {
      for (var r : records) {
        entries.add(RecordCodec.encode(r));
      }
    }

    synchronized void invalidateKeepingThrough(
        int keep, io.metafe.records.JournalRecord... newTail) {
      usable = false;
      List<byte[]> tail = new java.util.ArrayList<>(entries.subList(0, keep));
      for (var r : newTail) {
        tail.add(RecordCodec.encode(r));
      }
      afterReopen = tail;
    }

    @Override
    public synchronized long lastId() {
      return entries.size();
    }

    @Override
    public long firstId() {
      return 1;
    }

    @Override
    public synchronized long append(List<byte[]> batch) {
      entries.addAll(batch);
      return entries.size();
    }

    @Override
    public synchronized List<Entry> read(long fromId, int max) {
      if (!usable) {
        throw new io.metafe.journal.JournalException("environment invalid: must roll back");
      }
      List<Entry> out = new java.util.ArrayList<>();
      for (long id = fromId; id <= entries.size() && out.size() < max; id++) {
        out.add(new Entry(id, entries.get((int) id - 1)));
      }
      return out;
    }

    @Override
    public synchronized long refreshLastId() {
      if (!usable) {
        throw new io.metafe.journal.JournalException("environment invalid: must roll back");
      }
      return entries.size();
    }

    @Override
    public synchronized boolean isUsable() {
      return usable;
    }

    @Override
    public synchronized void reopenAfterRollback() {
      reopens++;
      entries.clear();
      entries.addAll(afterReopen);
      usable = true;
    }

    @Override
    public void reopen() {
      if (failNextReopen) {
        failNextReopen = false;
        throw new io.metafe.journal.JournalException(
            "Problem closing transaction; the current state is REPLICA");
      }
    }

    @Override
    public long deleteThrough(long lastDeletable) {
      return 1;
    }

    @Override
    public void close() {}
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within " + TIMEOUT).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
