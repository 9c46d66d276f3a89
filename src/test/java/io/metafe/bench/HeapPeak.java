package io.metafe.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak used heap while some work runs, sampled from a side thread. Two modes, because "used"
 * between collections is mostly garbage: {@code sampled} reads the used heap every 10 ms as it is
 * (what the process really occupies, garbage included); {@code live} forces a collection before
 * every sample, so that the peak is what the work kept reachable, e.g. a second catalog copy, and
 * not what it merely allocated. The live mode slows the work, so never time work measured with it.
 */
final class HeapPeak implements AutoCloseable {
  private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final AtomicLong peak = new AtomicLong();
  private final Thread sampler;
  private volatile boolean stop;

  private HeapPeak(boolean live) {
    peak.set(used());
    sampler =
        new Thread(
            () -> {
              long end = System.nanoTime() + MAX_NANOS;
              while (!stop && System.nanoTime() < end) {
                if (live) {
                  System.gc();
                }
                peak.accumulateAndGet(used(), Math::max);
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  static HeapPeak sampled() {
    return new HeapPeak(false);
  }

  static HeapPeak live() {
    return new HeapPeak(true);
  }

  static long used() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * Used heap after a full collection; twice, because the first may only enqueue finalizable
   * objects.
   */
  static long usedAfterGc() {
    System.gc();
    System.gc();
    return used();
  }

  /** Stops sampling; returns the peak used heap seen, in bytes. */
  long stopAndGetPeak() throws InterruptedException {
    stop = true;
    sampler.join(TimeUnit.SECONDS.toMillis(30));
    return peak.get();
  }

  @Override
  public void close() {
    try {
      stopAndGetPeak();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
