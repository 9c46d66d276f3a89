package io.metafe.bench;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.Durability;
import com.sleepycat.je.EnvironmentConfig;
import com.sleepycat.je.Transaction;
import com.sleepycat.je.TransactionConfig;
import com.sleepycat.je.rep.NodeType;
import com.sleepycat.je.rep.ReplicatedEnvironment;
import com.sleepycat.je.rep.ReplicationConfig;
import io.metafe.it.FeProcess;
import io.metafe.records.InsertRows;
import io.metafe.records.RecordCodec;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-row INSERT throughput and latency through JDBC against a real FE (started by
 * bin/start_fe.sh), at 1, 8 and 32 connections, and in the same run raw JE HA commits of the same
 * entry size and durability (one put per commit, single-node group) as the floor. Prints one table
 * row per concurrency with the MetaFE/raw ratio.
 *
 * <p>Usage: {@code bench/run.sh insert [seconds-per-point] [rounds]}. Both sides share this
 * machine's cores.
 */
public final class InsertBenchmark {
  private static final int[] CONCURRENCY = {1, 8, 32};

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int entrySize =
        RecordCodec.encode(
                new InsertRows(
                    10_001,
                    10_002,
                    List.<Object[]>of(new Object[] {123_456L, "row-value-123456", 3.25d})))
            .length;
    System.out.printf(
        "entry size %d bytes, %d s per point, %d rounds, durability SYNC/SYNC/SIMPLE_MAJORITY%n",
        entrySize, seconds, rounds);
    System.out.println(
        "| connections | MetaFE inserts/s | p50 ms | p99 ms | raw JE commits/s | p50 ms | p99 ms"
            + " | ratio | FE CPU us/insert | JDBC client CPU us/insert | raw JE CPU us/commit |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (int round = 1; round <= rounds; round++) {
      // The shipped JVM options, not the tests' small C1-only heap: this measures the product.
      try (FeProcess fe = FeProcess.create(Map.of("JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"))) {
        fe.startOrFail();
        prepare(fe.jdbcUrl());
        Path jeDir = Files.createTempDirectory("raw-je");
        try (RawJe raw = new RawJe(jeDir.toFile())) {
          // Warm both sides up (JIT, caches) so that the first point does not pay for compilation.
          runSql(fe.jdbcUrl(), 8, 3);
          raw.run(8, 3, entrySize);
          for (int c : CONCURRENCY) {
            long feCpu = processCpuNanos(fe.pid());
            long selfCpu = selfCpuNanos();
            Result sql = runSql(fe.jdbcUrl(), c, seconds);
            feCpu = processCpuNanos(fe.pid()) - feCpu;
            long clientCpu = selfCpuNanos() - selfCpu;
            selfCpu = selfCpuNanos();
            Result je = raw.run(c, seconds, entrySize);
            long jeCpu = selfCpuNanos() - selfCpu;
            // Whole-run CPU (including the 1 s warm-up) over whole-run operations.
            System.out.printf(
                "| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f |%n",
                c,
                sql.perSecond(),
                sql.latencies.quantileMillis(0.5),
                sql.latencies.quantileMillis(0.99),
                je.perSecond(),
                je.latencies.quantileMillis(0.5),
                je.latencies.quantileMillis(0.99),
                sql.perSecond() / je.perSecond(),
                feCpu / 1e3 / sql.allOperations(),
                clientCpu / 1e3 / sql.allOperations(),
                jeCpu / 1e3 / je.allOperations());
          }
        } finally {
          deleteTree(jeDir);
        }
      }
    }
  }

  static void prepare(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS bench");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bench.t (k BIGINT NOT NULL, v VARCHAR(64), d DOUBLE)"
              + " DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 8");
    }
  }

  /**
   * @param operations those timed after the warm-up second
   * @param allOperations including the warm-up, to divide whole-run CPU by
   */
  record Result(long operations, long allOperations, double seconds, Latencies latencies) {
    double perSecond() {
      return operations / seconds;
    }
  }

  /** utime + stime of a process, from /proc (clock ticks of 10 ms on Linux). */
  static long processCpuNanos(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
  }

  static long selfCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static Result runSql(String url, int connections, int seconds) throws Exception {
    AtomicLong keys = new AtomicLong();
    return runThreads(
        connections,
        seconds,
        () -> {
          Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          return new Op() {
            @Override
            public void run() throws Exception {
              long k = keys.incrementAndGet();
              s.executeUpdate(
                  "INSERT INTO bench.t VALUES (" + k + ", 'row-value-" + k + "', 3.25)");
            }

            @Override
            public void close() throws SQLException {
              c.close();
            }
          };
        });
  }

  interface Op extends AutoCloseable {
    void run() throws Exception;

    @Override
    void close() throws java.sql.SQLException;
  }

  interface OpFactory {
    Op create() throws Exception;
  }

  static Result runThreads(int threads, int seconds, OpFactory factory) throws Exception {
    List<Thread> workers = new ArrayList<>();
    List<Latencies> perThread = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicLong all = new AtomicLong();
    long warmupEnd = System.nanoTime() + 1_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    for (int i = 0; i < threads; i++) {
      Latencies lat = new Latencies();
      perThread.add(lat);
      Op op = factory.create();
      Thread t =
          new Thread(
              () -> {
                try (op) {
                  while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                      break;
                    }
                    op.run();
                    all.incrementAndGet();
                    if (start >= warmupEnd) {
                      lat.add(System.nanoTime() - start);
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      workers.add(t);
    }
    workers.forEach(Thread::start);
    for (Thread t : workers) {
      t.join();
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("benchmark worker failed", errors.get(0));
    }
    Latencies merged = new Latencies();
    perThread.forEach(merged::addAll);
    return new Result(merged.count(), all.get(), seconds, merged);
  }

  /** A single-node JE HA group with the FE's durability; one put per transaction, as the floor. */
  static final class RawJe implements AutoCloseable {
    private final ReplicatedEnvironment env;
    private final Database db;
    private final TransactionConfig txn;
    private final AtomicLong keys = new AtomicLong();

    RawJe(File home) throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Durability durability =
          new Durability(
              Durability.SyncPolicy.SYNC,
              Durability.SyncPolicy.SYNC,
              Durability.ReplicaAckPolicy.SIMPLE_MAJORITY);
      EnvironmentConfig ec = new EnvironmentConfig();
      ec.setAllowCreate(true);
      ec.setTransactional(true);
      ec.setDurability(durability);
      ec.setCachePercent(20);
      ReplicationConfig rc = new ReplicationConfig("BENCH", "raw_" + port, "127.0.0.1:" + port);
      rc.setHelperHosts("127.0.0.1:" + port);
      rc.setNodeType(NodeType.ELECTABLE);
      env = new ReplicatedEnvironment(home, rc, ec);
      db =
          env.openDatabase(
              null, "1", new DatabaseConfig().setAllowCreate(true).setTransactional(true));
      txn = new TransactionConfig().setDurability(durability);
    }

    Result run(int threads, int seconds, int entrySize) throws Exception {
      return runThreads(
          threads,
          seconds,
          () ->
              new Op() {
                private final byte[] value = new byte[entrySize];

                @Override
                public void run() {
                  DatabaseEntry key = new DatabaseEntry();
                  com.sleepycat.bind.tuple.LongBinding.longToEntry(keys.incrementAndGet(), key);
                  Transaction t = env.beginTransaction(null, txn);
                  db.put(t, key, new DatabaseEntry(value));
                  t.commit();
                }

                @Override
                public void close() {}
              });
    }

    @Override
    public void close() {
      db.close();
      env.close();
    }
  }

  static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
