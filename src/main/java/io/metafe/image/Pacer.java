package io.metafe.image;

import io.metafe.time.Clock;
import java.time.Duration;

/**
 * Keeps a checkpoint to a share of one core. A checkpoint runs beside the write path, and on a
 * machine with few cores a thread that encodes and checks an image flat out takes the CPU that
 * client threads, the edit-log writer and bdbje need to answer within their usual time. After each
 * slice of work the pacer pauses so that work / (work + pause) stays at the share: at 0.25 a
 * checkpoint that needs 0.4 s of CPU takes about 1.6 s, and a writer waiting for a core waits for
 * at most one slice.
 *
 * <p>Work is measured in elapsed time, not CPU time: time the thread spent waiting for a core or
 * for a collector counts as work, so a busy machine makes the pacer pause more, never less. Not
 * thread-safe; one per checkpoint.
 */
final class Pacer {
  /**
   * Short, because the length of a slice, not the share, decides how long a writer waits: on two
   * cores a thread that has just woken from its pause preempts a client or the edit-log writer and
   * holds the core for the whole slice. With 2 ms slices the p99 of writes during a checkpoint loop
   * was 3-4x the p99 without at any share (0.1 as 0.25), with 250 us 1.35x at 1M rows
   * (docs/benchmarks.md, issue #12); shorter slices add more sleeps than they save.
   */
  static final Duration SLICE = Duration.ofNanos(250_000);

  private final Clock clock;
  private final double share;
  private final long sliceNanos;
  private long sliceStart;
  private long pausedNanos;
  private boolean interrupted;

  /**
   * @param share the fraction of one core to use, in (0, 1]; 1 never pauses
   */
  Pacer(Clock clock, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("a CPU share is in (0, 1], not " + share);
    }
    this.clock = clock;
    this.share = share;
    this.sliceNanos = SLICE.toNanos();
    this.sliceStart = clock.nanos();
  }

  /** A pacer that never pauses, for tools and tests that want an image as fast as possible. */
  static Pacer unpaced(Clock clock) {
    return new Pacer(clock, 1);
  }

  /**
   * Called after each unit of work (a chunk written or read): once a slice has passed since the
   * last pause, pauses in proportion to it.
   */
  void tick() {
    if (share >= 1 || interrupted) {
      return;
    }
    long now = clock.nanos();
    long worked = now - sliceStart;
    if (worked < sliceNanos) {
      return;
    }
    long pause = (long) (worked * (1 - share) / share);
    try {
      clock.sleep(Duration.ofNanos(pause));
    } catch (InterruptedException e) {
      // Not a reason to give up the image; the flag stays for the caller, as a park leaves it,
      // and the rest of this image is written without pauses, which would only throw again.
      interrupted = true;
      Thread.currentThread().interrupt();
    }
    long after = clock.nanos();
    pausedNanos += after - now;
    sliceStart = after;
  }

  /** Time spent in pauses so far, for the log line and the benchmark. */
  Duration paused() {
    return Duration.ofNanos(pausedNanos);
  }
}
