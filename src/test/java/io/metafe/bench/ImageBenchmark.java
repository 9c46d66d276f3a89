package io.metafe.bench;

import io.metafe.catalog.Catalog;
import io.metafe.image.ImageReader;
import io.metafe.image.ImageWriter;
import io.metafe.records.Column;
import io.metafe.records.CreateDatabase;
import io.metafe.records.CreateTable;
import io.metafe.records.DataType;
import io.metafe.records.InsertRows;
import io.metafe.records.TableDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Image write and load times for catalogs of a given number of rows (in 100 tables of 3 columns), in this JVM.
 * Usage: {@code bench/run.sh image [rows...]}, e.g. {@code bench/run.sh image 100000 1000000}.
 */
public final class ImageBenchmark {
  public static void main(String[] args) throws Exception {
    long[] sizes = args.length == 0 ? new long[] {100_000, 1_000_000}
        : java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray();
    System.out.println("| rows | tables | build (apply) s | image MiB | write s | load s | heap used MiB |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (long rows : sizes) {
      long t0 = System.nanoTime();
      Catalog c = build(rows);
      double build = (System.nanoTime() - t0) / 1e9;
      Path dir = Files.createTempDirectory("image-bench");
      try {
        long w0 = System.nanoTime();
        Path file = ImageWriter.write(c, 1, dir);
        double write = (System.nanoTime() - w0) / 1e9;
        long r0 = System.nanoTime();
        ImageReader.Loaded loaded = ImageReader.read(file);
        double load = (System.nanoTime() - r0) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf("| %d | 100 | %.2f | %.1f | %.2f | %.2f | %d |%n", rows, build,
            Files.size(file) / 1048576.0, write, load, heap);
        if (loaded.catalog().journalId() != c.journalId()) {
          throw new IllegalStateException("image did not round-trip");
        }
      } finally {
        InsertBenchmark.deleteTree(dir);
      }
    }
  }

  private static Catalog build(long rows) {
    Catalog c = Catalog.empty().apply(1, new CreateDatabase(10_000, "bench"));
    List<Column> columns = List.of(new Column("k", DataType.BIGINT, false, null, ""),
        new Column("v", DataType.varchar(64), true, null, ""), new Column("d", DataType.DOUBLE, true, null, ""));
    for (int t = 0; t < 100; t++) {
      c = c.apply(c.journalId() + 1, new CreateTable(10_000, new TableDefinition(c.nextId(), "t" + t, columns,
          "DUPLICATE", List.of("k"), "HASH", List.of("k"), 8, Map.of(), "")));
    }
    long tableBase = 10_001;
    for (long done = 0; done < rows; done += 1000) {
      List<Object[]> batch = new ArrayList<>(1000);
      for (long k = done; k < Math.min(rows, done + 1000); k++) {
        batch.add(new Object[] {k, "row-value-" + k, 3.25});
      }
      c = c.apply(c.journalId() + 1, new InsertRows(10_000, tableBase + (done / 1000) % 100, batch));
    }
    return c;
  }
}
