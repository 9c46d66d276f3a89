package io.metafe.edit;

import io.metafe.catalog.Catalog;
import io.metafe.journal.Journal;
import io.metafe.journal.JournalException;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a journal range onto a catalog at startup, with progress in fe.log. Reading and decoding
 * run on their own thread, one batch ahead of applying, so that a restart uses two cores; applying
 * stays in order on the caller's thread. Stateless; one call at a time per journal.
 */
public final class JournalReplay {
  private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);
  private static final int BATCH = 4096;
  private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** How long the reader waits for room in the queue before it takes the replay as abandoned. */
  private static final long ABANDONED_NANOS = TimeUnit.MINUTES.toNanos(10);

  private JournalReplay() {}

  /** An entry that does not decode or does not apply; the message names its id. */
  public static final class ReplayFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReplayFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Decoded(long id, JournalRecord record) {}

  /** What the reading thread hands over: a batch, or the end, or why reading stopped. */
  private record Batch(List<Decoded> entries, RuntimeException failure) {}

  /**
   * Applies journal entries {@code from.journalId()+1 .. last} to {@code from}.
   *
   * @param clock times the progress lines
   * @throws JournalException if the journal cannot be read (e.g. entries were deleted meanwhile)
   * @throws ReplayFailure if an entry does not decode or apply
   */
  public static Catalog replay(Journal journal, Catalog from, long last, Clock clock) {
    long first = from.journalId() + 1;
    if (last < first) {
      return from;
    }
    BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);
    Thread reader =
        new Thread(() -> read(journal, first, last, queue, clock), "journal-replay-reader");
    reader.setDaemon(true);
    reader.start();
    long started = clock.nanos();
    long lastReport = started;
    Catalog c = from;
    try {
      while (c.journalId() < last) {
        Batch b = queue.take();
        if (b.failure() != null) {
          throw b.failure();
        }
        for (Decoded d : b.entries()) {
          try {
            c = c.apply(d.id(), d.record());
          } catch (RuntimeException bad) {
            throw new ReplayFailure(
                "journal entry " + d.id() + " cannot be replayed: " + bad.getMessage(), bad);
          }
        }
        long now = clock.nanos();
        if (now - lastReport > REPORT_NANOS) {
          lastReport = now;
          double rate = (c.journalId() - first + 1) / ((now - started) / 1e9);
          LOG.info(
              "replayed journal up to {} of {} ({} entries/s, about {} s left)",
              c.journalId(),
              last,
              (long) rate,
              (long) ((last - c.journalId()) / Math.max(rate, 1)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayFailure("interrupted while replaying the journal at id " + c.journalId(), e);
    } finally {
      // The reader only blocks on the queue; draining it lets it finish. It never runs inside bdbje
      // when idle.
      queue.clear();
    }
    long nanos = clock.nanos() - started;
    LOG.info(
        "replayed {} journal entries up to id {} in {} ms ({} entries/s)",
        last - first + 1,
        last,
        nanos / 1_000_000,
        (long) ((last - first + 1) / Math.max(nanos / 1e9, 1e-9)));
    return c;
  }

  private static void read(
      Journal journal, long first, long last, BlockingQueue<Batch> queue, Clock clock) {
    long next = first;
    try {
      while (next <= last) {
        List<Journal.Entry> entries = journal.read(next, (int) Math.min(BATCH, last - next + 1));
        if (entries.isEmpty()) {
          throw new JournalException(
              "the journal ends at " + (next - 1) + " although it reported " + last);
        }
        List<Decoded> decoded = new ArrayList<>(entries.size());
        for (Journal.Entry e : entries) {
          try {
            decoded.add(new Decoded(e.id(), RecordCodec.decode(e.data())));
          } catch (RuntimeException bad) {
            throw new ReplayFailure(
                "journal entry " + e.id() + " cannot be decoded: " + bad.getMessage(), bad);
          }
        }
        next = entries.get(entries.size() - 1).id() + 1;
        if (!handOver(queue, new Batch(decoded, null), clock)) {
          return;
        }
      }
    } catch (RuntimeException e) {
      queue.offer(new Batch(List.of(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Queues a batch for the applying thread; false when it has not taken one for {@link
   * #ABANDONED_NANOS} (it failed and left), so that the reader does not wait for ever.
   */
  private static boolean handOver(BlockingQueue<Batch> queue, Batch batch, Clock clock)
      throws InterruptedException {
    long deadline = clock.nanos() + ABANDONED_NANOS;
    // The queue measures real time; the deadline is the clock's.
    while (!queue.offer(batch, Math.max(0, deadline - clock.nanos()), TimeUnit.NANOSECONDS)) {
      if (deadline - clock.nanos() <= 0) {
        return false;
      }
    }
    return true;
  }
}
