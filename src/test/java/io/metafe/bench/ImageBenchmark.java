package io.metafe.bench;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Table;
import io.metafe.image.ImageStore;
import io.metafe.image.ImageWriter;
import io.metafe.records.Column;
import io.metafe.records.CreateDatabase;
import io.metafe.records.CreateTable;
import io.metafe.records.DataType;
import io.metafe.records.InsertRows;
import io.metafe.records.JournalRecord;
import io.metafe.records.TableDefinition;
import io.metafe.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Checkpoint cost, startup (image load + journal replay) and write latency during checkpoints, for
 * catalogs of {@value #TABLES} tables of 3 columns and a given number of rows, against a real bdbje
 * journal. Everything runs in this JVM except the startup, which gets a fresh one (see {@link
 * StartupProbe}). Objects = tables + columns + rows. Prints markdown tables and the goals, which
 * are stated at 1M objects.
 *
 * <p>Usage: {@code bench/run.sh image [rows...]}, e.g. {@code bench/run.sh image 100000 1000000}.
 */
public final class ImageBenchmark {
  static final long DATABASE_ID = 10_000;
  static final long FIRST_TABLE_ID = 10_001;
  static final int TABLES = 100;
  private static final int COLUMNS = 3;
  private static final int CLUSTER_ID = 424242;

  /**
   * Journal entries written after the image, replayed at startup: single-row inserts, as clients
   * write them.
   */
  private static final int TAIL = 100_000;

  /** Entries per commit when writing the tail; close to what group commit produces under load. */
  private static final int TAIL_PER_COMMIT = 256;

  private static final List<Column> SCHEMA =
      List.of(
          new Column("k", DataType.BIGINT, false, null, ""),
          new Column("v", DataType.varchar(64), true, null, ""),
          new Column("d", DataType.DOUBLE, true, null, ""));

  private final List<String> images = new ArrayList<>();
  private final List<String> heap = new ArrayList<>();
  private final List<String> startup = new ArrayList<>();
  private final List<String> latency = new ArrayList<>();
  private final List<String> goals = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    long[] sizes =
        args.length == 0
            ? new long[] {100_000, 1_000_000}
            : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
    System.out.printf(
        "%d tables x %d columns; journal tail %,d single-row inserts in commits of %d; %d writer"
            + " threads, %d pairs of %d s windows; max heap %d MiB; bdbje with fe.conf defaults%n",
        TABLES,
        COLUMNS,
        TAIL,
        TAIL_PER_COMMIT,
        CheckpointLatency.THREADS,
        CheckpointLatency.PAIRS,
        CheckpointLatency.WINDOW_SECONDS,
        Runtime.getRuntime().maxMemory() >> 20);
    ImageBenchmark bench = new ImageBenchmark();
    for (long rows : sizes) {
      System.err.printf("== %,d rows%n", rows);
      bench.run(rows);
    }
    bench.print();
  }

  private void run(long rows) throws Exception {
    long objects = rows + TABLES * (1L + COLUMNS);
    long heapBefore = HeapPeak.usedAfterGc();
    long t0 = System.nanoTime();
    Catalog catalog = build(rows);
    double build = seconds(t0);
    long heapAfterBuild = HeapPeak.usedAfterGc();
    long catalogBytes = heapAfterBuild - heapBefore;
    Path work = Files.createTempDirectory("image-bench");
    try {
      Path image = measureImages(objects, catalog, build, heapAfterBuild, catalogBytes, work);
      long imageId = catalog.journalId();
      Path envHome = work.resolve("bdb");
      int port;
      double append;
      try (BenchJournal j = BenchJournal.open(envHome)) {
        port = j.port;
        // The journal holds the catalog's own history, so the image continues it as on a real FE.
        j.append(() -> history(rows).iterator(), 64);
        if (j.journal.lastId() != imageId) {
          throw new IllegalStateException(
              "journal ends at " + j.journal.lastId() + ", image at " + imageId);
        }
        long a0 = System.nanoTime();
        j.append(
            () ->
                LongStream.range(0, TAIL)
                    .<JournalRecord>mapToObj(ImageBenchmark::tailRecord)
                    .iterator(),
            TAIL_PER_COMMIT);
        append = seconds(a0);
      }
      catalog = null; // the in-process startup must not find the heap already holding a copy
      System.err.println("   journal written; startup in a fresh JVM");
      StartupProbe.Timing cold =
          StartupProbe.measureInFreshJvm(envHome, port, image, objects + TAIL);
      try (BenchJournal j = BenchJournal.open(envHome, port)) {
        StartupProbe.Timing warm = StartupProbe.measure(j.journal, image);
        if (warm.catalog().journalId() != imageId + TAIL
            || objects(warm.catalog()) != objects + TAIL) {
          throw new IllegalStateException(
              "startup ended at journal id " + warm.catalog().journalId());
        }
        startup.add(
            String.format(
                "| %,d | %,d | %.2f | %.2f | %.2f | **%.2f** | **%,.0f** | %.2f | %,.0f |",
                objects,
                TAIL,
                append,
                cold.load(),
                cold.replay(),
                cold.total(),
                TAIL / cold.replay(),
                warm.total(),
                TAIL / warm.replay()));
        goals.add(
            goal(
                objects,
                "startup (image load + replay of " + TAIL / 1000 + "k entries, fresh JVM)",
                cold.total() <= 10,
                String.format("%.2f s <= 10 s", cold.total())));
        goals.add(
            goal(
                objects,
                "replay rate (fresh JVM)",
                TAIL / cold.replay() >= 100_000,
                String.format("%,.0f entries/s >= 100,000", TAIL / cold.replay())));
        System.err.println("   startup measured; measuring write latency");
        latency(
            objects,
            CheckpointLatency.run(j.journal, warm.catalog(), work.resolve("loop"), CLUSTER_ID));
      }
    } finally {
      InsertBenchmark.deleteTree(work);
    }
  }

  /**
   * The plain write and the production checkpoint, timed, then again with the heap kept to live
   * objects.
   */
  private Path measureImages(
      long objects,
      Catalog catalog,
      double build,
      long heapAfterBuild,
      long catalogBytes,
      Path work)
      throws Exception {
    // Unpaced (a whole core) shows the CPU cost; the production checkpoint is paced to
    // ImageStore.DEFAULT_CPU_SHARE of a core, so its time is mostly pauses. One checkpoint first,
    // not reported, so that JIT warm-up does not land on whichever is timed first.
    new ImageStore(work.resolve("warm-up"), 1).checkpoint(catalog, CLUSTER_ID, Clock.system());
    Observed write =
        observe(
            false,
            () -> ImageWriter.write(catalog, CLUSTER_ID, work.resolve("plain"), Clock.system(), 1));
    Observed unpaced =
        observe(
            false,
            () ->
                new ImageStore(work.resolve("unpaced"), 1)
                    .checkpoint(catalog, CLUSTER_ID, Clock.system()));
    Observed checkpoint =
        observe(
            false,
            () ->
                new ImageStore(work.resolve("image"))
                    .checkpoint(catalog, CLUSTER_ID, Clock.system()));
    if (Files.exists(work.resolve("image").resolve("image.ckpt"))) {
      throw new IllegalStateException("the checkpoint left its temporary file behind");
    }
    System.err.println("   images timed; observing live heap");
    // Unpaced: pacing does not change what is reachable, and the sampler's full GCs would count as
    // work to the pacer and stretch a paced run several times over.
    Observed liveWrite =
        observe(
            true,
            () ->
                ImageWriter.write(catalog, CLUSTER_ID, work.resolve("live-w"), Clock.system(), 1));
    Observed liveCheckpoint =
        observe(
            true,
            () ->
                new ImageStore(work.resolve("live-c"), 1)
                    .checkpoint(catalog, CLUSTER_ID, Clock.system()));
    for (String scratch : List.of("warm-up", "plain", "unpaced", "live-w", "live-c")) {
      InsertBenchmark.deleteTree(work.resolve(scratch));
    }

    images.add(
        String.format(
            "| %,d | %.2f | %.1f | %.2f | %.2f | **%.2f** |",
            objects,
            build,
            Files.size(checkpoint.file) / 1048576.0,
            write.seconds,
            unpaced.seconds,
            checkpoint.seconds));
    heap.add(
        String.format(
            "| %,d | %d | %d | %d | %d | %d | %d |",
            objects,
            mib(heapAfterBuild),
            mib(catalogBytes),
            mib(write.peakAbove),
            mib(checkpoint.peakAbove),
            mib(liveWrite.peakAbove),
            mib(liveCheckpoint.peakAbove)));
    goals.add(
        goal(
            objects,
            "checkpoint (ImageStore.checkpoint)",
            checkpoint.seconds <= 5,
            String.format("%.2f s <= 5 s", checkpoint.seconds)));
    System.err.println("   heap observed; writing journal");
    return checkpoint.file;
  }

  private interface ImageOp {
    Path run() throws java.io.IOException;
  }

  /**
   * @param peakAbove the sampler's peak minus the used heap after a full GC just before the
   *     operation
   */
  private record Observed(Path file, double seconds, long peakAbove) {}

  private static Observed observe(boolean live, ImageOp op) throws Exception {
    long base = HeapPeak.usedAfterGc();
    HeapPeak sampler = live ? HeapPeak.live() : HeapPeak.sampled();
    try (sampler) {
      long t0 = System.nanoTime();
      Path file = op.run();
      double took = seconds(t0);
      return new Observed(file, took, Math.max(0, sampler.stopAndGetPeak() - base));
    }
  }

  private void latency(long objects, List<CheckpointLatency.Pair> pairs) {
    for (int i = 0; i < pairs.size(); i++) {
      CheckpointLatency.Pair p = pairs.get(i);
      latency.add(
          String.format(
              "| %,d | %d | %,d | %,d | %.2f | %.2f | %d | %,d | %d | %.2f | %.2f | %d | %.2f |",
              objects,
              i + 1,
              p.without().objects(),
              p.without().operations(),
              p.without().p50(),
              p.without().p99(),
              p.without().gcMillis(),
              p.during().operations(),
              p.during().checkpoints(),
              p.during().p50(),
              p.during().p99(),
              p.during().gcMillis(),
              p.ratio()));
    }
    double ratio = median(pairs.stream().mapToDouble(CheckpointLatency.Pair::ratio));
    latency.add(
        String.format(
            "| %,d | **median** | | | %.2f | %.2f | | | | %.2f | %.2f | | **%.2f** |",
            objects,
            median(pairs.stream().mapToDouble(p -> p.without().p50())),
            median(pairs.stream().mapToDouble(p -> p.without().p99())),
            median(pairs.stream().mapToDouble(p -> p.during().p50())),
            median(pairs.stream().mapToDouble(p -> p.during().p99())),
            ratio));
    goals.add(
        goal(
            objects,
            "p99 write latency during checkpoint / without",
            ratio <= 2,
            String.format("%.2fx <= 2x (median of %d pairs)", ratio, pairs.size())));
  }

  private void print() {
    System.out.println();
    System.out.printf(
        "### Image (checkpoint = write image.ckpt, read back, compare, rename; unpaced = a whole"
            + " core, production = paced to %.0f%% of a core)%n",
        ImageStore.DEFAULT_CPU_SHARE * 100);
    table(
        "| objects | build (apply) s | image MiB | ImageWriter.write s unpaced | checkpoint s"
            + " unpaced | ImageStore.checkpoint s production |",
        images);
    System.out.println(
        "### Heap (MiB). Sampled: used heap every 10 ms, garbage included. Live: full GC before"
            + " every sample, i.e. what the operation keeps reachable");
    table(
        "| objects | used after build | of which catalog | write peak +sampled | checkpoint peak +sampled"
            + " | write peak +live | checkpoint peak +live |",
        heap);
    System.out.println(
        "### Startup: read the checkpoint image, replay the bdbje tail after it (files in the page"
            + " cache). Fresh JVM as a FE restart; in-process = this JVM, JIT-warm, for comparison");
    table(
        "| objects | tail entries | tail append s (setup) | image read s | replay s | startup s | replay"
            + " entries/s | in-process startup s | in-process replay entries/s |",
        startup);
    System.out.println(
        "### Single-row INSERT latency (ms) through EditLog on bdbje, without / during a checkpoint"
            + " loop");
    System.out.println("(GC ms: collector time in the window; the catalog grows by every write)");
    table(
        "| objects | pair | catalog objects at pair start | ops without | p50 | p99 | GC ms | ops during"
            + " | checkpoints | p50 | p99 | GC ms | p99 ratio |",
        latency);
    System.out.println("### Goals (stated for 1M objects)");
    table("| objects | goal | result | pass |", goals);
  }

  private static void table(String header, List<String> rows) {
    System.out.println(header);
    System.out.println(
        "|---".repeat((int) header.chars().filter(ch -> ch == '|').count() - 1) + "|");
    rows.forEach(System.out::println);
    System.out.println();
  }

  private static String goal(long objects, String what, boolean pass, String result) {
    return String.format(
        "| %,d | %s | %s | %s |", objects, what, result, pass ? "PASS" : "**FAIL**");
  }

  /**
   * The records that make the catalog: the database, the tables, then rows 1000 per insert, round
   * robin.
   */
  private static Stream<JournalRecord> history(long rows) {
    Stream<JournalRecord> ddl =
        Stream.concat(
            Stream.of(new CreateDatabase(DATABASE_ID, "bench")),
            IntStream.range(0, TABLES)
                .mapToObj(
                    t ->
                        new CreateTable(
                            DATABASE_ID,
                            new TableDefinition(
                                FIRST_TABLE_ID + t,
                                "t" + t,
                                SCHEMA,
                                "DUPLICATE",
                                List.of("k"),
                                "HASH",
                                List.of("k"),
                                8,
                                Map.of(),
                                ""))));
    return Stream.concat(
        ddl,
        LongStream.iterate(0, done -> done < rows, done -> done + 1000)
            .mapToObj(
                done -> {
                  List<Object[]> batch = new ArrayList<>(1000);
                  for (long k = done; k < Math.min(rows, done + 1000); k++) {
                    batch.add(new Object[] {k, "row-value-" + k, 3.25});
                  }
                  return new InsertRows(
                      DATABASE_ID, FIRST_TABLE_ID + (done / 1000) % TABLES, batch);
                }));
  }

  private static Catalog build(long rows) {
    Catalog c = Catalog.empty();
    for (JournalRecord r : (Iterable<JournalRecord>) history(rows)::iterator) {
      c = c.apply(c.journalId() + 1, r);
    }
    return c;
  }

  private static InsertRows tailRecord(long i) {
    long k = -1 - i; // keys not used by the history
    return new InsertRows(
        DATABASE_ID,
        FIRST_TABLE_ID + i % TABLES,
        List.<Object[]>of(new Object[] {k, "row-value-" + k, 3.25}));
  }

  /** Tables + columns + rows. */
  static long objects(Catalog c) {
    long n = rowCount(c);
    for (Database db : c.databases().values()) {
      for (Table t : db.tables().values()) {
        n += 1 + t.definition().columns().size();
      }
    }
    return n;
  }

  private static long rowCount(Catalog c) {
    long n = 0;
    for (Database db : c.databases().values()) {
      for (Table t : db.tables().values()) {
        n += t.rows().size();
      }
    }
    return n;
  }

  private static double median(java.util.stream.DoubleStream values) {
    double[] v = values.sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long mib(long bytes) {
    return bytes >> 20;
  }
}
