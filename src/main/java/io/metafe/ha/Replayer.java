package io.metafe.ha;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.journal.Journal;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the master's journal entries to this replica's catalog as they arrive, through the same
 * {@link Catalog#apply} the master used, and publishes after each batch. One thread; {@link #stop}
 * waits for it.
 */
public final class Replayer {
  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
  private static final int BATCH = 4096;

  /**
   * How long the replayer waits for a commit signal before it looks for itself: the journal signals
   * commits in the segments it has open, but not the first entries of a segment the master has just
   * started.
   */
  private static final Duration IDLE_LOOK = Duration.ofMillis(50);

  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final Journal journal;
  private final CatalogHolder holder;
  private final Consumer<String> fatal;
  private final Consumer<Catalog> afterPublish;
  private final Runnable onInvalidated;
  private final Clock clock;
  private final Thread thread;

  /** Guards {@link #signalled}; the thread waits on it for the next commit signal. */
  private final Object wakeup = new Object();

  private boolean signalled;
  private final AtomicLong committed = new AtomicLong();
  private volatile boolean running = true;

  /**
   * @param afterPublish called on the replayer thread after each published catalog (e.g. to notice
   *     this FE's own removal)
   * @param onInvalidated called once, and the replayer ends, when the journal becomes unusable
   * @param clock times the look without a signal and the pause before a retry
   */
  public Replayer(
      Journal journal,
      CatalogHolder holder,
      Consumer<String> fatal,
      Consumer<Catalog> afterPublish,
      Runnable onInvalidated,
      Clock clock) {
    this.journal = journal;
    this.holder = holder;
    this.fatal = fatal;
    this.afterPublish = afterPublish;
    this.onInvalidated = onInvalidated;
    this.clock = clock;
    this.thread = new Thread(this::run, "replayer");
    this.thread.setDaemon(true);
  }

  public void start() {
    journal.onReplayedCommit(
        id -> {
          committed.accumulateAndGet(id, Math::max);
          synchronized (wakeup) {
            signalled = true;
            wakeup.notifyAll();
          }
        });
    thread.start();
  }

  private void run() {
    int failures = 0;
    // The first round, and any round after IDLE_LOOK without a signal, asks the journal itself.
    boolean look = true;
    while (running) {
      try {
        replay(look);
        failures = 0;
        look = !awaitSignal();
      } catch (InterruptedException e) {
        return;
      } catch (io.metafe.catalog.ReplayException | io.metafe.records.CorruptRecordException e) {
        fatal.accept(
            "journal entry "
                + (holder.current().journalId() + 1)
                + " cannot be replayed: "
                + e.getMessage()
                + "; this FE stops: restore its meta_dir from a backup or rejoin it with an empty"
                + " meta_dir");
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        if (!journal.isUsable()) {
          // Entries this FE already applied may have been rolled back: the controller reopens and
          // reloads.
          LOG.warn(
              "bdbje invalidated this FE's environment during replay ({}): it must roll back entries this FE"
                  + " committed but the new master does not have; reopening it",
              e.toString());
          onInvalidated.run();
          return;
        }
        if (++failures >= 100) {
          fatal.accept(
              "replay has failed 100 times in a row at journal id "
                  + (holder.current().journalId() + 1)
                  + " ("
                  + e
                  + "); the FE stops: see fe.log, then restart it");
          return;
        }
        // bdbje may invalidate read handles while the master changes; a few retries are normal.
        LOG.warn(
            "replay failed at journal id {}: {}; retrying",
            holder.current().journalId() + 1,
            e.toString());
        try {
          journal.reopen();
        } catch (RuntimeException again) {
          LOG.warn("reopening the journal failed: {}", again.toString());
        }
        sleepQuietly(RETRY_PAUSE);
        look = true;
      }
    }
  }

  /**
   * Waits up to {@link #IDLE_LOOK} for a commit signal, and consumes it.
   *
   * @return whether one came (or had come since the last call)
   */
  private boolean awaitSignal() throws InterruptedException {
    synchronized (wakeup) {
      long deadline = clock.nanos() + IDLE_LOOK.toNanos();
      while (!signalled && running) {
        long left = deadline - clock.nanos();
        if (left <= 0) {
          break;
        }
        clock.await(wakeup, Duration.ofNanos(left));
      }
      boolean came = signalled;
      signalled = false;
      return came;
    }
  }

  /**
   * Applies the entries bdbje has signalled as committed, reading exactly up to the signalled id so
   * that the read never waits on a transaction bdbje is still replaying; with {@code look}, also
   * whatever the journal itself holds (the first entries of a segment opened after the master
   * started it send no signal).
   */
  private void replay(boolean look) {
    Catalog c = holder.current();
    long last = look ? Math.max(committed.get(), journal.refreshLastId()) : committed.get();
    while (c.journalId() < last && running) {
      List<Journal.Entry> entries =
          journal.read(c.journalId() + 1, (int) Math.min(BATCH, last - c.journalId()));
      if (entries.isEmpty()) {
        break;
      }
      for (Journal.Entry e : entries) {
        c = c.apply(e.id(), RecordCodec.decode(e.data()));
      }
      holder.publish(c);
      afterPublish.accept(c);
    }
  }

  /** Stops replaying and waits for the thread; the catalog stays at what was applied. */
  public void stop() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleepQuietly(Duration d) {
    try {
      clock.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
