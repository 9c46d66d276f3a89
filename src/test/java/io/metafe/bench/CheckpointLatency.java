package io.metafe.bench;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.Change;
import io.metafe.edit.EditLog;
import io.metafe.image.ImageStore;
import io.metafe.journal.Journal;
import io.metafe.records.InsertRows;
import io.metafe.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-row INSERT latency through the real write path ({@link EditLog} on a bdbje journal)
 * without and with checkpoints of the live catalog running beside it, measured in alternating
 * windows of the same run so that both sides see the same machine, JIT state and catalog size.
 */
final class CheckpointLatency {
  static final int THREADS = 4;
  static final int WINDOW_SECONDS = 5;
  static final int PAIRS = 3;

  /** As the FE's edit log. */
  private static final int MAX_BATCH = 1024;

  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_CHECKPOINTS_PER_WINDOW = 1000;

  private CheckpointLatency() {}

  /**
   * One window: p50 and p99 in ms, operations timed, checkpoints completed (0 without), the
   * catalog's objects when it began (it grows by every write), and the JVM's collector time during
   * it, to tell GC pauses from CPU or disk contention.
   */
  record Window(
      double p50, double p99, long operations, int checkpoints, long objects, long gcMillis) {}

  record Pair(Window without, Window during) {
    double ratio() {
      return during.p99 / without.p99;
    }
  }

  /**
   * Runs {@link #PAIRS} pairs of windows on {@code start}, which must be the catalog at the
   * journal's last id. Checkpoints go to {@code imageDir}; only the newest is kept, as a FE with
   * short retention would.
   */
  static List<Pair> run(Journal journal, Catalog start, Path imageDir, int clusterId)
      throws Exception {
    CatalogHolder holder = new CatalogHolder(start, Clock.system());
    List<String> failures = new CopyOnWriteArrayList<>();
    ImageStore store = new ImageStore(imageDir);
    AtomicLong keys = new AtomicLong(1L << 40);
    List<Pair> pairs = new ArrayList<>();
    try (EditLog log = new EditLog(journal, holder, MAX_BATCH, failures::add, Clock.system())) {
      log.start();
      // JIT and JE cache warm-up, not reported.
      window(log, keys, 2, null, holder, clusterId);
      for (int i = 0; i < PAIRS; i++) {
        Window without = window(log, keys, WINDOW_SECONDS, null, holder, clusterId);
        Window during = window(log, keys, WINDOW_SECONDS, store, holder, clusterId);
        pairs.add(new Pair(without, during));
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("the edit log stopped: " + failures.get(0));
    }
    return pairs;
  }

  private static Window window(
      EditLog log,
      AtomicLong keys,
      int seconds,
      ImageStore store,
      CatalogHolder holder,
      int clusterId)
      throws Exception {
    long objects = ImageBenchmark.objects(holder.current());
    long gc0 = gcMillis();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger done = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Thread checkpoints = null;
    if (store != null) {
      checkpoints =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < MAX_CHECKPOINTS_PER_WINDOW && !stop.get(); i++) {
                    store.checkpoint(holder.current(), clusterId, Clock.system());
                    store.retain(1);
                    done.incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              },
              "bench-checkpoint");
      checkpoints.start();
    }
    InsertBenchmark.Result result;
    try {
      // runThreads discards its first second, so every timed write overlaps a checkpoint already
      // under way.
      result =
          InsertBenchmark.runThreads(
              THREADS,
              seconds,
              () ->
                  new InsertBenchmark.Op() {
                    @Override
                    public void run() {
                      long k = keys.incrementAndGet();
                      log.submit(insert(k), SUBMIT_TIMEOUT);
                    }

                    @Override
                    public void close() {}
                  });
    } finally {
      stop.set(true);
      if (checkpoints != null) {
        // A checkpoint does no bdbje work, but it is still only waited for, never interrupted.
        checkpoints.join(TimeUnit.MINUTES.toMillis(5));
        if (checkpoints.isAlive()) {
          errors.add(new IllegalStateException("a checkpoint did not finish within 5 minutes"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("checkpoint loop failed", errors.get(0));
    }
    return new Window(
        result.latencies().quantileMillis(0.5),
        result.latencies().quantileMillis(0.99),
        result.operations(),
        done.get(),
        objects,
        gcMillis() - gc0);
  }

  private static long gcMillis() {
    long sum = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /**
   * One row into one of the benchmark's 100 tables, like {@code INSERT INTO t VALUES (k,
   * 'row-value-k', 3.25)}.
   */
  private static Change<Long> insert(long k) {
    return c ->
        Change.Proposal.of(
            k,
            new InsertRows(
                ImageBenchmark.DATABASE_ID,
                ImageBenchmark.FIRST_TABLE_ID + Math.floorMod(k, ImageBenchmark.TABLES),
                List.<Object[]>of(new Object[] {k, "row-value-" + k, 3.25})));
  }
}
