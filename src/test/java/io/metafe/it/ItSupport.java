package io.metafe.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** SQL and waiting helpers shared by the integration tests. */
final class ItSupport {
  private ItSupport() {}

  static void exec(FeProcess fe, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  static List<List<String>> query(FeProcess fe, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /**
   * Waits until {@code sql} on {@code fe} returns rows that satisfy {@code ok}; errors count as not
   * yet.
   */
  static void awaitRows(
      String what, FeProcess fe, String sql, java.util.function.Predicate<List<List<String>>> ok)
      throws InterruptedException {
    await(
        what + " on " + fe.queryPort(),
        Duration.ofSeconds(20),
        () -> {
          try {
            return ok.test(query(fe, sql));
          } catch (SQLException e) {
            return false;
          }
        });
  }
}
