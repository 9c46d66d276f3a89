package io.metafe.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told: {@link #advance} by the test, or {@link #sleep}, which
 * moves it on by the time slept and returns at once, so a loop that sleeps between retries runs
 * through its whole schedule in microseconds. Wall time moves with monotonic time. Thread-safe.
 */
public final class ManualClock implements Clock {
  private final AtomicLong nanos = new AtomicLong();
  private final long wallOrigin;

  public ManualClock() {
    this(1_800_000_000_000L);
  }

  public ManualClock(long wallOriginMillis) {
    this.wallOrigin = wallOriginMillis;
  }

  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long nanos() {
    return nanos.get();
  }

  @Override
  public long wallMillis() {
    return wallOrigin + nanos.get() / 1_000_000L;
  }

  /** Returns at once, as an early wake-up may, having moved time on by {@code d}. */
  @Override
  public void await(Object monitor, Duration d) throws InterruptedException {
    sleep(d);
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (!d.isNegative()) {
      advance(d);
    }
  }
}
