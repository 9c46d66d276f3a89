package io.metafe.edit;

import io.metafe.catalog.Catalog;
import io.metafe.journal.Journal;
import io.metafe.journal.NotMasterException;
import io.metafe.journal.QuorumLostException;
import io.metafe.journal.UnknownOutcomeException;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's write path with group commit. Clients call {@link #submit} from any thread; one
 * writer thread takes every change queued so far, validates each against the catalog left by the
 * ones before it, appends all their records in one journal commit, publishes the resulting catalog,
 * and only then answers the clients. A change that fails validation is refused alone.
 *
 * <p>A commit that fails falls in one of three cases. Refused for want of a quorum ({@link
 * QuorumLostException}): nothing was written, the clients hear why, and the log goes on, so writes
 * work again as soon as enough FOLLOWERs are back. Written here but not confirmed by the FOLLOWERs
 * ({@link UnknownOutcomeException}): the clients hear that the outcome is unknown, and the catalog
 * is brought in line with the journal, which now holds the entries, before the next batch. Anything
 * else: nothing is published, the clients hear that the outcome is unknown, and the log stops for
 * good, since only a restart, which replays the journal, knows what was committed.
 */
public final class EditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EditLog.class);
  private static final long SLOW_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Journal journal;
  private final CatalogHolder holder;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Consumer<String> onFailure;
  private final Clock clock;

  /**
   * Queued by {@link #close} to wake a writer waiting for work, which is never interrupted; never
   * committed.
   */
  private final Pending<Void> wake =
      new Pending<>(
          c -> {
            throw new IllegalStateException("the wake-up is never proposed");
          },
          new CompletableFuture<>());

  private volatile String closedReason;

  /**
   * Every entry up to this id was acknowledged by the ack policy's FOLLOWERs: bdbje cannot roll it
   * back.
   */
  private volatile long confirmedThrough;

  /** Whether the last commit failed for want of a quorum. Writer thread only. */
  private boolean quorumLost;

  /** The clock's nanos when commits started to fail for want of a quorum. Writer thread only. */
  private long quorumLostSince;

  /**
   * @param onFailure told, once, when the journal fails and this log stops; it must not block (the
   *     FE fail-stops)
   * @param clock times the writes' timeouts, slow commits and how long a quorum was lost
   */
  public EditLog(
      Journal journal,
      CatalogHolder holder,
      int maxBatch,
      Consumer<String> onFailure,
      Clock clock) {
    this.journal = journal;
    this.holder = holder;
    this.maxBatch = maxBatch;
    this.onFailure = onFailure;
    this.clock = clock;
    this.writer = new Thread(this::run, "edit-log-writer");
    this.writer.setDaemon(true);
  }

  public void start() {
    if (journal.lastId() != holder.current().journalId()) {
      throw new IllegalStateException(
          "journal ends at "
              + journal.lastId()
              + " but the catalog is at "
              + holder.current().journalId()
              + "; replay before writing");
    }
    // What a new master replayed is trusted: bdbje elected it for holding the newest entries a
    // majority reaches, and its first commit (MasterInfo, at once) confirms them. Counting them
    // unconfirmed until then would skip the image of a master stopped before that commit, and its
    // image suffix is what operators compare.
    confirmedThrough = holder.current().journalId();
    writer.start();
  }

  /**
   * Runs a change through the write path and waits for its outcome.
   *
   * @return the change's result, once its records are durable and applied
   * @throws RuntimeException the change's own refusal, a {@link io.metafe.journal.JournalException}
   *     if the commit failed, or {@link EditLogClosedException}
   */
  public <R> R submit(Change<R> change, Duration timeout) {
    String reason = closedReason;
    if (reason != null) {
      throw new EditLogClosedException(reason);
    }
    Pending<R> pending = new Pending<>(change, new CompletableFuture<>());
    queue.add(pending);
    reason = closedReason;
    if (reason != null && queue.remove(pending)) {
      // close() may have drained the queue between the check above and the add.
      throw new EditLogClosedException(reason);
    }
    long deadline = clock.nanos() + timeout.toNanos();
    try {
      while (true) {
        try {
          return pending.future.get(Math.max(0, deadline - clock.nanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // The future measures real time; the deadline is the clock's.
          if (deadline - clock.nanos() <= 0) {
            throw new EditLogClosedException(
                "the write did not complete within "
                    + timeout.toSeconds()
                    + " s; its outcome is unknown: check before retrying");
          }
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EditLogClosedException("interrupted while waiting for the write");
    }
  }

  private void run() {
    List<Pending<?>> batch = new ArrayList<>(maxBatch);
    while (closedReason == null) {
      try {
        Pending<?> first = queue.take();
        if (isWake(first)) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        batch.removeIf(this::isWake);
        commit(batch);
        if (quorumLost) {
          LOG.warn(
              "writes are committed again: enough FOLLOWERs are back after {} s without a quorum",
              TimeUnit.NANOSECONDS.toSeconds(clock.nanos() - quorumLostSince));
          quorumLost = false;
        }
      } catch (InterruptedException e) {
        break;
      } catch (QuorumLostException e) {
        if (!quorumLost) {
          quorumLost = true;
          quorumLostSince = clock.nanos();
          LOG.warn("writes are refused until enough FOLLOWERs are back: {}", e.getMessage());
        }
        failAll(batch, e);
      } catch (NotMasterException e) {
        // Not a fault of this FE: the group chose another master. The role controller hears of it
        // from bdbje and turns this FE into a replica; until then nothing more is written here.
        LOG.warn("edit log writer stopped: {}", e.getMessage());
        closedReason = e.getMessage() + "; write to the new master";
        failAll(batch, e);
      } catch (UnknownOutcomeException e) {
        // In line with the journal before anyone hears of the failure, so that a retry sees what is
        // there.
        try {
          catchUpWithJournal(e);
          failAll(batch, e);
        } catch (RuntimeException replay) {
          stop(replay, batch);
        }
      } catch (Throwable e) {
        stop(e, batch);
      } finally {
        batch.clear();
      }
    }
    failQueued();
  }

  /**
   * A fault after which the journal's content is unknown to this process: no more writes until a
   * restart.
   */
  private void stop(Throwable e, List<Pending<?>> batch) {
    // Building on the published catalog could contradict the journal (a commit may have reached the
    // disk).
    // The journal's own words are written for operators; anything else is a bug, named by its
    // class.
    String cause = e instanceof io.metafe.journal.JournalException ? e.getMessage() : e.toString();
    String reason =
        "the journal commit failed ("
            + cause
            + "); the write may or may not have been applied, so"
            + " check before retrying; this FE stops accepting writes and must be restarted";
    LOG.error("edit log writer stopped: {}", reason, e);
    closedReason = reason;
    onFailure.accept(reason);
    failAll(batch, new EditLogClosedException(reason));
  }

  /**
   * After an unconfirmed commit the journal holds entries the catalog does not: apply them, exactly
   * as replay would, so that the next batch builds on what the journal says.
   */
  private void catchUpWithJournal(UnknownOutcomeException cause) {
    long last = journal.refreshLastId();
    Catalog base = holder.current();
    holder.publish(JournalReplay.replay(journal, base, last, clock));
    if (last > base.journalId()) {
      LOG.warn(
          "journal ids {}..{} are in this FE's journal but were not confirmed by enough FOLLOWERs ({}); the"
              + " catalog includes them, as the journal does, and they stay unless another FE becomes master without"
              + " them",
          base.journalId() + 1,
          last,
          cause.getMessage());
    }
  }

  private void commit(List<Pending<?>> batch) {
    Catalog base = holder.current();
    Catalog next = base;
    List<byte[]> entries = new ArrayList<>();
    List<Accepted<?>> accepted = new ArrayList<>(batch.size());
    for (Pending<?> pending : batch) {
      Catalog before = next;
      int entriesBefore = entries.size();
      try {
        Change.Proposal<?> proposal = pending.change.propose(next);
        for (JournalRecord record : proposal.records()) {
          next = next.apply(next.journalId() + 1, record);
          entries.add(RecordCodec.encode(record));
        }
        accepted.add(new Accepted<>(pending, proposal.result()));
      } catch (RuntimeException refusal) {
        next = before;
        entries.subList(entriesBefore, entries.size()).clear();
        pending.future.completeExceptionally(refusal);
      }
    }
    if (!entries.isEmpty()) {
      long started = clock.nanos();
      long last = journal.append(entries);
      if (last != next.journalId()) {
        throw new IllegalStateException(
            "journal assigned ids up to " + last + " but the catalog expects " + next.journalId());
      }
      long took = clock.nanos() - started;
      if (took > SLOW_COMMIT_NANOS) {
        LOG.warn(
            "slow journal commit: {} entries up to id {} took {} ms",
            entries.size(),
            last,
            took / 1_000_000);
      }
      holder.publish(next);
      // FOLLOWERs apply entries in order, so their ack of this batch confirms every entry before it
      // too.
      confirmedThrough = last;
    }
    for (Accepted<?> a : accepted) {
      a.complete();
    }
  }

  @SuppressWarnings("ReferenceEquality") // the wake-up is one object, told apart by identity
  private boolean isWake(Pending<?> p) {
    return p == wake;
  }

  private static void failAll(List<Pending<?>> batch, RuntimeException cause) {
    // Changes refused during validation are already completed; completing again is a no-op.
    for (Pending<?> p : batch) {
      p.future.completeExceptionally(cause);
    }
  }

  private void failQueued() {
    Pending<?> p;
    while ((p = queue.poll()) != null) {
      p.future.completeExceptionally(new EditLogClosedException(closedReason));
    }
  }

  /**
   * The highest journal id known to be on a majority's disk: the catalog's at start, then each
   * confirmed commit's last id. An unknown outcome leaves it behind the catalog until a later
   * commit confirms everything before it.
   */
  public long confirmedThrough() {
    return confirmedThrough;
  }

  /** Stops the writer; changes still queued are refused with this reason. */
  public void close(String reason) {
    if (closedReason != null) {
      return;
    }
    closedReason = reason;
    // The queued changes first: the batch in flight may wait out bdbje's ack timeout, and they need
    // not.
    failQueued();
    // Never interrupt the writer: an interrupt inside JE invalidates the whole environment.
    queue.add(wake);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
  }

  @Override
  public void close() {
    close("this FE is shutting down");
  }

  private record Pending<R>(Change<R> change, CompletableFuture<R> future) {}

  private record Accepted<R>(Pending<R> pending, Object result) {
    @SuppressWarnings("unchecked")
    void complete() {
      pending.future.complete((R) result);
    }
  }
}
