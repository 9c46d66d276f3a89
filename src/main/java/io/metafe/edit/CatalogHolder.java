package io.metafe.edit;

import io.metafe.catalog.Catalog;
import java.time.Duration;

/**
 * The catalog every reader sees: the newest one whose records are durable. Thread-safe; {@link
 * #current} never blocks.
 */
public final class CatalogHolder {
  private volatile Catalog current;

  public CatalogHolder(Catalog initial) {
    this.current = initial;
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
    long deadline = System.nanoTime() + timeout.toNanos();
    while (current.journalId() < journalId) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
