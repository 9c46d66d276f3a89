package io.metafe.bench;

import java.util.Arrays;

/**
 * Per-operation latencies of one measurement, in nanoseconds. Not thread-safe: merge per-thread
 * instances.
 */
final class Latencies {
  private long[] values = new long[1 << 16];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  void addAll(Latencies other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  int count() {
    return size;
  }

  /** The q-quantile in milliseconds, e.g. 0.99. */
  double quantileMillis(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.ceil(q * size) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
