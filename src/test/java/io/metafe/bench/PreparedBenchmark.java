package io.metafe.bench;

import io.metafe.it.FeProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same single-row INSERT as text (COM_QUERY) and as a server-side prepared statement
 * (COM_STMT_EXECUTE, with Connector/J's useServerPrepStmts=true), one at a time against one real
 * FE, after a warm-up of both, at 1 and 8 connections; each round runs the two sides in the
 * opposite order of the round before.
 *
 * <p>Usage: {@code bench/run.sh prepared [seconds-per-point] [rounds]}.
 */
public final class PreparedBenchmark {
  private static final int[] CONCURRENCY = {1, 8};

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    System.out.printf(
        "%d s per point, %d rounds (order alternates), durability SYNC%n", seconds, rounds);
    System.out.println(
        "| round | connections | text inserts/s | p50 ms | p99 ms | prepared inserts/s | p50 ms"
            + " | p99 ms | prepared/text |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    try (FeProcess fe = FeProcess.create(Map.of("JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"))) {
      fe.startOrFail();
      InsertBenchmark.prepare(fe.jdbcUrl());
      String textUrl = fe.jdbcUrl();
      String preparedUrl = fe.jdbcUrl() + "&useServerPrepStmts=true&cachePrepStmts=true";
      AtomicLong keys = new AtomicLong();
      run(textUrl, 8, 3, keys);
      run(preparedUrl, 8, 3, keys);
      for (int round = 1; round <= rounds; round++) {
        for (int c : CONCURRENCY) {
          InsertBenchmark.Result text;
          InsertBenchmark.Result prepared;
          if (round % 2 == 1) {
            text = run(textUrl, c, seconds, keys);
            prepared = run(preparedUrl, c, seconds, keys);
          } else {
            prepared = run(preparedUrl, c, seconds, keys);
            text = run(textUrl, c, seconds, keys);
          }
          System.out.printf(
              "| %d | %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f |%n",
              round,
              c,
              text.perSecond(),
              text.latencies().quantileMillis(0.5),
              text.latencies().quantileMillis(0.99),
              prepared.perSecond(),
              prepared.latencies().quantileMillis(0.5),
              prepared.latencies().quantileMillis(0.99),
              prepared.perSecond() / text.perSecond());
        }
      }
    }
  }

  /** Text or prepared, by the URL: the statement and its values are the same. */
  private static InsertBenchmark.Result run(
      String url, int connections, int seconds, AtomicLong keys) throws Exception {
    return InsertBenchmark.runThreads(
        connections,
        seconds,
        () -> {
          Connection c = DriverManager.getConnection(url);
          PreparedStatement p = c.prepareStatement("INSERT INTO bench.t VALUES (?, ?, 3.25)");
          return new InsertBenchmark.Op() {
            @Override
            public void run() throws Exception {
              long k = keys.incrementAndGet();
              p.setLong(1, k);
              p.setString(2, "row-value-" + k);
              p.executeUpdate();
            }

            @Override
            public void close() throws SQLException {
              c.close();
            }
          };
        });
  }

  private PreparedBenchmark() {}
}
