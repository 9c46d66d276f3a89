package io.metafe.bench;

import io.metafe.it.FeProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

/**
 * Single-row INSERTs sent to a FOLLOWER, which forwards each to the master, against the same
 * INSERTs sent to the master directly, one side at a time, at 1, 8 and 32 connections (master + 2
 * followers, all started by bin/start_fe.sh, shipped JVM options).
 *
 * <p>Usage: {@code bench/run.sh forward [seconds-per-point]}.
 */
public final class ForwardBenchmark {
  private static final int[] CONCURRENCY = {1, 8, 32};

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Map<String, String> conf = Map.of("JAVA_OPTS", "-Xmx512m -XX:+UseG1GC");
    try (FeProcess master = FeProcess.create(conf);
        FeProcess follower = FeProcess.create(conf);
        FeProcess follower2 = FeProcess.create(conf)) {
      master.startOrFail();
      for (FeProcess f : new FeProcess[] {follower, follower2}) {
        try (Connection c = DriverManager.getConnection(master.jdbcUrl());
            Statement s = c.createStatement()) {
          s.execute("ALTER SYSTEM ADD FOLLOWER \"" + f.helperAddress() + "\"");
        }
        f.startOrFail("--helper", master.helperAddress() + ":" + master.httpPort());
      }
      InsertBenchmark.prepare(master.jdbcUrl());
      InsertBenchmark.runSql(follower.jdbcUrl(), 8, 3);
      InsertBenchmark.runSql(master.jdbcUrl(), 8, 3);
      System.out.printf(
          "%d s per point, 3 followers (master + 2), durability SYNC/SYNC/SIMPLE_MAJORITY%n",
          seconds);
      System.out.println(
          "| connections | via a follower inserts/s | p50 ms | p99 ms | to the master inserts/s | p50 ms"
              + " | p99 ms |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int c : CONCURRENCY) {
        InsertBenchmark.Result forwarded = InsertBenchmark.runSql(follower.jdbcUrl(), c, seconds);
        InsertBenchmark.Result direct = InsertBenchmark.runSql(master.jdbcUrl(), c, seconds);
        System.out.printf(
            "| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f |%n",
            c,
            forwarded.perSecond(),
            forwarded.latencies().quantileMillis(0.5),
            forwarded.latencies().quantileMillis(0.99),
            direct.perSecond(),
            direct.latencies().quantileMillis(0.5),
            direct.latencies().quantileMillis(0.99));
      }
    }
  }

  private ForwardBenchmark() {}
}
