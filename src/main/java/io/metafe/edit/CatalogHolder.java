package io.metafe.edit;

import io.metafe.catalog.Catalog;
import io.metafe.time.Clock;
import java.time.Duration;

/**
 * The catalog every reader sees: the newest one whose records are durable. Thread-safe; {@link
 * #current} never blocks.
 */
public final class CatalogHolder {
  private final Clock clock;
  private volatile Catalog current;

  /**
   * @param clock times {@link #awaitJournalId}
   */
  public CatalogHolder(Catalog initial, Clock clock) {
    this.current = initial;
    this.clock = clock;
  }

  public Catalog current() {
    return current;
  }

  /** Publishes a catalog that is at least as new as the current one. */
  public synchronized void publish(Catalog next) {
    if (next.journalId() < current.journalId()) {
      throw new IllegalStateException(
          "cannot publish journal id " + next.journalId() + " over " + current.journalId());
    }
    current = next;
    notifyAll();
  }

  /**
   * Publishes {@code next} even when it is older than the current catalog: only after bdbje rolled
   * back entries this FE had applied, which the current catalog holds and the journal no longer
   * does.
   */
  public synchronized void reset(Catalog next) {
    current = next;
    notifyAll();
  }

  /**
   * Waits until the published catalog includes {@code journalId}.
   *
   * @return true if it does, false if the timeout passed first
   */
  public synchronized boolean awaitJournalId(long journalId, Duration timeout)
      throws InterruptedException {
    long deadline = clock.nanos() + timeout.toNanos();
    while (current.journalId() < journalId) {
      long left = deadline - clock.nanos();
      if (left <= 0) {
        return false;
      }
      clock.await(this, Duration.ofNanos(left));
    }
    return true;
  }
}
