package io.metafe.ha;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.EditLog;
import io.metafe.journal.Journal;
import io.metafe.journal.NodeState;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link RoleMachine}'s transitions, one at a time on its own thread (bdbje's listener
 * thread must not block): the only place where a role's services start and stop. Thread-safe.
 */
public final class RoleController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoleController.class);

  private final RoleMachine machine;
  private final Journal journal;
  private final CatalogHolder holder;
  private final Function<Journal, EditLog> startEditLog;
  private final Consumer<String> fatal;
  private final Consumer<Catalog> afterReplay;
  private final Supplier<String> masterName;
  private final Supplier<Catalog> reload;
  private final Clock clock;
  private final ExecutorService transitions =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "state-listener");
            t.setDaemon(true);
            return t;
          });
  private volatile RoleMachine.Role role = RoleMachine.Role.INIT;
  private volatile EditLog editLog;
  private volatile boolean closing;

  /**
   * After a step-down: the catalog may hold entries up to {@code suspectThrough} that no majority
   * confirmed beyond {@code confirmedAtStepDown}, until the replayer applies an entry of the new
   * master (bdbje kept them) or a rollback reloads the catalog; -1 when there is no such doubt.
   */
  private volatile long confirmedAtStepDown = -1;

  private volatile long suspectThrough;
  private Replayer replayer;
  private final RoleServices services;
  private AutoCloseable runningReplicaServices;
  private AutoCloseable runningMasterServices;

  /**
   * @param startEditLog starts the master's write path over the journal (and writes what a new
   *     master writes)
   * @param afterReplay told of every catalog a replica publishes
   * @param masterName bdbje's name of the master, or null when none is known: for the error a
   *     stepped-down master's clients get
   * @param reload after a rollback: the catalog from the newest image the reopened journal
   *     continues, plus the journal; throws when there is none
   * @param services what each role runs beside its write path or its replay
   * @param clock for the replayer
   */
  public RoleController(
      boolean electable,
      Journal journal,
      CatalogHolder holder,
      Function<Journal, EditLog> startEditLog,
      Consumer<String> fatal,
      Consumer<Catalog> afterReplay,
      Supplier<String> masterName,
      Supplier<Catalog> reload,
      RoleServices services,
      Clock clock) {
    this.machine = new RoleMachine(electable);
    this.journal = journal;
    this.holder = holder;
    this.startEditLog = startEditLog;
    this.fatal = fatal;
    this.afterReplay = afterReplay;
    this.masterName = masterName;
    this.reload = reload;
    this.services = services;
    this.clock = clock;
  }

  public FeType type() {
    return role.type();
  }

  /** The master's write path, or null when this FE cannot write. */
  public EditLog editLog() {
    return editLog;
  }

  /**
   * The highest journal id an image may hold now: bdbje may still roll back entries beyond it (not
   * yet on a majority's disk), and an image must never hold those.
   */
  public long imageableThrough() {
    EditLog log = editLog;
    if (log != null) {
      return log.confirmedThrough();
    }
    long confirmed = confirmedAtStepDown;
    if (confirmed < 0) {
      return Long.MAX_VALUE;
    }
    if (holder.current().journalId() > suspectThrough) {
      confirmedAtStepDown = -1;
      return Long.MAX_VALUE;
    }
    return confirmed;
  }

  /** Called from bdbje's listener thread; queues the transition. */
  public void onNodeState(NodeState state) {
    if (closing) {
      return;
    }
    transitions.execute(() -> transition(state));
  }

  /**
   * Runs the transition for the current state now, on the caller's thread; used once at startup.
   */
  public void initialTransition(NodeState state) {
    transition(state);
  }

  /** Called by the replayer when the journal became unusable. */
  private void onInvalidated() {
    onNodeState(NodeState.INVALIDATED);
  }

  private synchronized void transition(NodeState state) {
    if (closing) {
      return;
    }
    if (state == NodeState.INVALIDATED && journal.isUsable()) {
      // The replayer and bdbje both report one invalidation; the first report reopened the
      // environment.
      return;
    }
    RoleMachine.Transition t = machine.next(role, state);
    if (!t.changed()) {
      return;
    }
    FeType old = t.from().type();
    if (t.to().type() == FeType.MASTER) {
      LOG.info("begin to transfer FE type from {} to MASTER", old);
    }
    if (state == NodeState.INVALIDATED && !t.to().stopping()) {
      LOG.warn("{} {}: {}", old, state, t.why());
    }
    // The role first: forwarded writes read it, and must not see "master" once the edit log is
    // closing.
    role = t.to();
    try {
      for (RoleMachine.Action action : t.actions()) {
        run(action, t);
      }
    } catch (RuntimeException e) {
      LOG.error("transfer from {} on bdbje state {} failed", old, state, e);
      role =
          new RoleMachine.Role(old == FeType.MASTER ? FeType.UNKNOWN : t.to().type(), false, true);
      fatal.accept(
          "transfer from "
              + old
              + " on bdbje state "
              + state
              + " failed: "
              + e.getMessage()
              + "; the FE stops and replays the journal when restarted");
      return;
    }
    if (t.to().stopping() || state == NodeState.INVALIDATED) {
      return;
    }
    if (old == FeType.MASTER) {
      String master = masterName.get();
      LOG.warn(
          "transfer from MASTER to {}: {}; {}; replaying from journal id {}",
          t.to().type(),
          t.why(),
          master == null ? "no master is known yet" : "the master is now " + master,
          holder.current().journalId() + 1);
      return;
    }
    switch (t.to().type()) {
      case MASTER ->
          LOG.info(
              "transfer from {} to MASTER finished; the master replayed the journal up to {} and can"
                  + " write now",
              old,
              holder.current().journalId());
      case FOLLOWER, OBSERVER ->
          LOG.info(
              "transfer from {} to {}; replaying the master's journal from id {}",
              old,
              t.to().type(),
              holder.current().journalId() + 1);
      case UNKNOWN ->
          LOG.warn(
              "transfer from {} to UNKNOWN: {}; still serving reads at journal id {}",
              old,
              t.why(),
              holder.current().journalId());
      default -> {}
    }
  }

  private void run(RoleMachine.Action action, RoleMachine.Transition t) {
    switch (action) {
      case START_REPLAY -> {
        replayer = new Replayer(journal, holder, fatal, afterReplay, this::onInvalidated, clock);
        replayer.start();
        runningReplicaServices = services.replica().get();
      }
      case REOPEN_AFTER_ROLLBACK -> {
        long before = holder.current().journalId();
        journal.reopenAfterRollback();
        holder.reset(reload.get());
        confirmedAtStepDown = -1;
        LOG.warn(
            "reopened after a rollback: the catalog was at journal id {}, it is now at {} (image plus journal)"
                + "; replaying from there",
            before,
            holder.current().journalId());
      }
      case STOP_REPLAY -> stopReplay();
      // Handles opened as a replica are read-only and those of a master writable.
      case REOPEN_JOURNAL -> {
        if (t.to().type() == FeType.MASTER) {
          journal.reopen();
        } else {
          reopenForReplay();
        }
      }
      case START_WRITING -> {
        catchUp();
        editLog = startEditLog.apply(journal);
        runningMasterServices = services.master().get();
      }
      case STOP_WRITING -> {
        String master = masterName.get();
        stopWriting(
            "this FE is no longer the master"
                + (master == null
                    ? "; no master is elected yet, retry soon"
                    : "; the master is now " + master + ", and new statements sent here go there"));
      }
      case STOP_FE -> fatal.accept(t.why());
    }
  }

  /**
   * bdbje may refuse to open handles while it turns a former master into a replica ("Problem
   * closing transaction ... The current state is: REPLICA"); the replayer reopens the journal after
   * any failed read, so this only warns.
   */
  private void reopenForReplay() {
    try {
      journal.reopen();
    } catch (RuntimeException e) {
      LOG.warn(
          "reopening the journal's handles failed ({}); the replayer reopens them when it starts reading",
          e.toString());
    }
  }

  private void stopReplay() {
    closeServices(runningReplicaServices, "replica");
    runningReplicaServices = null;
    if (replayer != null) {
      replayer.stop();
      replayer = null;
    }
  }

  private static void closeServices(AutoCloseable running, String role) {
    if (running == null) {
      return;
    }
    try {
      running.close();
    } catch (Exception e) {
      LOG.warn("stopping the {}'s services: {}", role, e.toString());
    }
  }

  private void stopWriting(String reason) {
    closeServices(runningMasterServices, "master");
    runningMasterServices = null;
    EditLog log = editLog;
    if (log == null) {
      return;
    }
    // Before the log is dropped, so that no image is taken in between: its last batch may be
    // unconfirmed.
    suspectThrough = Long.MAX_VALUE;
    confirmedAtStepDown = log.confirmedThrough();
    editLog = null;
    log.close(reason);
    suspectThrough = holder.current().journalId();
  }

  /** Applies every entry the journal holds beyond the catalog. */
  private void catchUp() {
    long last = journal.lastId();
    Catalog c = holder.current();
    while (c.journalId() < last) {
      List<Journal.Entry> entries = journal.read(c.journalId() + 1, 4096);
      if (entries.isEmpty()) {
        break;
      }
      for (Journal.Entry e : entries) {
        c = c.apply(e.id(), RecordCodec.decode(e.data()));
      }
    }
    holder.publish(c);
  }

  @Override
  public void close() {
    closing = true;
    transitions.shutdown();
    // Outside the monitor: a transition still queued must be able to take it, see the flag and
    // return; holding it here made every close with a queued transition wait out the timeout.
    try {
      transitions.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      // Both, whatever the role: a transition that failed halfway may have left either running.
      stopReplay();
      stopWriting("this FE is shutting down");
    }
  }
}
