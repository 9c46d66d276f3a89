package io.metafe.time;

import java.time.Duration;
import java.time.Instant;

/** {@link Clock} over {@link System#nanoTime()}, {@link System#currentTimeMillis()} and sleep. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public Instant wallTime() {
    return Instant.now();
  }

  @Override
  @SuppressWarnings(
      "WaitNotInLoop") // the contract leaves the loop to the caller, as Object.wait does
  public void await(Object monitor, Duration d) throws InterruptedException {
    long millis = Math.max(1, d.toMillis());
    monitor.wait(millis);
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (!d.isNegative() && !d.isZero()) {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    }
  }
}
