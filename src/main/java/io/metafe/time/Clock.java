package io.metafe.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The one source of time of an FE. {@link #nanos()} is monotonic and measures timeouts and
 * intervals; {@link #wallMillis()} is the calendar time that logs, heartbeats and file ages are
 * compared with. Implementations are thread-safe.
 */
public interface Clock {

  /** Monotonic nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanos();

  /** Milliseconds since the epoch, as other FEs and files on disk see it. */
  long wallMillis();

  /**
   * {@link #wallMillis()} as an instant, as finely as the clock can tell: SQL's {@code NOW(6)}
   * shows microseconds, which milliseconds since the epoch cannot carry.
   */
  default Instant wallTime() {
    return Instant.ofEpochMilli(wallMillis());
  }

  /** Monotonic milliseconds, for code that counts timeouts in millis. */
  default long millis() {
    return nanos() / 1_000_000L;
  }

  /** Waits {@code d} (a test clock returns at once, having moved its time on by {@code d}). */
  void sleep(Duration d) throws InterruptedException;

  /**
   * Waits on {@code monitor}, which the caller holds, until notified or {@code d} has passed; like
   * {@link Object#wait(long)} it may return early, so callers re-check their condition in a loop.
   */
  void await(Object monitor, Duration d) throws InterruptedException;

  /** The machine's clocks. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
