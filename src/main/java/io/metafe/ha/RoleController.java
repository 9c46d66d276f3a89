package io.metafe.ha;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.EditLog;
import io.metafe.journal.Journal;
import io.metafe.journal.NodeState;
import io.metafe.records.RecordCodec;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns bdbje's node states into FE types, one transition at a time on its own thread (bdbje's listener thread must
 * not block). The table:
 *
 * <pre>
 *   INIT, UNKNOWN, FOLLOWER  --MASTER-->   MASTER    stop replaying, replay the rest, start the edit log
 *   INIT, UNKNOWN            --REPLICA-->  FOLLOWER (electable) or OBSERVER: replay continuously
 *   INIT, FOLLOWER, OBSERVER --UNKNOWN-->  UNKNOWN   serve reads (and keep replaying) until a master is elected
 *   MASTER                   --anything--> fatal     a former master must not write again; the FE stops
 *   any                      --DETACHED--> fatal     unless the FE is shutting down
 * </pre>
 *
 * Thread-safe.
 */
public final class RoleController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoleController.class);

  private final boolean electable;
  private final Journal journal;
  private final CatalogHolder holder;
  private final Function<Journal, EditLog> startEditLog;
  private final Consumer<String> fatal;
  private final Consumer<Catalog> afterReplay;
  private final ExecutorService transitions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "state-listener");
    t.setDaemon(true);
    return t;
  });
  private volatile FeType type = FeType.INIT;
  private volatile EditLog editLog;
  private volatile boolean closing;
  private Replayer replayer;

  /**
   * @param startEditLog starts the master's write path over the journal (and writes what a new master writes)
   * @param afterReplay told of every catalog a replica publishes
   */
  public RoleController(boolean electable, Journal journal, CatalogHolder holder,
      Function<Journal, EditLog> startEditLog, Consumer<String> fatal, Consumer<Catalog> afterReplay) {
    this.electable = electable;
    this.journal = journal;
    this.holder = holder;
    this.startEditLog = startEditLog;
    this.fatal = fatal;
    this.afterReplay = afterReplay;
  }

  public FeType type() {
    return type;
  }

  /** The master's write path, or null when this FE cannot write. */
  public EditLog editLog() {
    return editLog;
  }

  /** Called from bdbje's listener thread; queues the transition. */
  public void onNodeState(NodeState state) {
    if (closing) {
      return;
    }
    transitions.execute(() -> transition(state));
  }

  /** Runs the transition for the current state now, on the caller's thread; used once at startup. */
  public void initialTransition(NodeState state) {
    transition(state);
  }

  private synchronized void transition(NodeState state) {
    if (closing) {
      return;
    }
    FeType old = type;
    try {
      switch (state) {
        case MASTER -> {
          if (old != FeType.MASTER) {
            toMaster(old);
          }
        }
        case REPLICA -> {
          if (old == FeType.MASTER) {
            lostMastership(state);
          } else if (old == FeType.INIT || old == FeType.UNKNOWN) {
            toReplica(old);
          }
        }
        case UNKNOWN -> {
          if (old == FeType.MASTER) {
            lostMastership(state);
          } else if (old != FeType.UNKNOWN) {
            type = FeType.UNKNOWN;
            LOG.warn("transfer from {} to UNKNOWN: no master is {}; still serving reads at journal id {}", old,
                old == FeType.INIT ? "elected yet (a majority of FOLLOWERs must run)" : "reachable",
                holder.current().journalId());
          }
        }
        case DETACHED -> fatal.accept("bdbje closed this FE's replication environment (state DETACHED); the FE"
            + " stops: see bdb/je.info.0 for bdbje's reason");
      }
    } catch (RuntimeException e) {
      LOG.error("transfer from {} on bdbje state {} failed", old, state, e);
      fatal.accept("transfer from " + old + " on bdbje state " + state + " failed: " + e.getMessage()
          + "; the FE stops and replays the journal when restarted");
    }
  }

  private void toMaster(FeType old) {
    LOG.info("begin to transfer FE type from {} to MASTER", old);
    if (replayer != null) {
      replayer.stop();
      replayer = null;
    }
    // Handles opened as a replica are read-only.
    journal.reopen();
    catchUp();
    editLog = startEditLog.apply(journal);
    type = FeType.MASTER;
    LOG.info("transfer from {} to MASTER finished; the master replayed the journal up to {} and can write now",
        old, holder.current().journalId());
  }

  private void toReplica(FeType old) {
    FeType next = electable ? FeType.FOLLOWER : FeType.OBSERVER;
    if (replayer == null) {
      replayer = new Replayer(journal, holder, fatal, afterReplay);
      replayer.start();
    }
    type = next;
    LOG.info("transfer from {} to {}; replaying the master's journal from id {}", old, next,
        holder.current().journalId() + 1);
  }

  private void lostMastership(NodeState state) {
    // The type first: forwarded writes check it, and must not see "master" without an edit log.
    type = FeType.UNKNOWN;
    EditLog log = editLog;
    editLog = null;
    fatal.accept("transfer from MASTER to " + state + ": this FE lost mastership (another FE may be master now);"
        + " it stops writing and exits, and replays the journal when restarted");
    if (log != null) {
      log.close("this FE is no longer the master");
    }
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
  public synchronized void close() {
    closing = true;
    transitions.shutdown();
    if (replayer != null) {
      replayer.stop();
      replayer = null;
    }
    EditLog log = editLog;
    editLog = null;
    if (log != null) {
      log.close();
    }
    try {
      transitions.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
