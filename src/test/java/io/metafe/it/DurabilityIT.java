package io.metafe.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every write acknowledged to a client survives a graceful restart and a kill -9. */
class DurabilityIT {

  private static Set<Long> keys(FeProcess fe, String table) throws SQLException {
    Set<Long> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT k FROM " + table)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  @Test
  void gracefulRestartKeepsDatabasesTablesAndRows() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of())) {
      fe.startOrFail();
      try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE kept");
        s.execute("CREATE TABLE kept.t (k BIGINT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(k)");
        s.executeUpdate("INSERT INTO kept.t VALUES (1, 'a'), (2, 'b')");
        s.execute("CREATE TABLE kept.gone (k INT)");
        s.execute("DROP TABLE kept.gone");
      }
      String before = fe.roleFile().getProperty("name");
      assertThat(fe.stop().exitCode()).isZero();
      assertThat(fe.isAlive()).isFalse();
      fe.startOrFail();
      assertThat(fe.roleFile().getProperty("name")).isEqualTo(before);
      assertThat(keys(fe, "kept.t")).containsExactlyInAnyOrder(1L, 2L);
      try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW TABLES FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("t");
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void everyAcknowledgedInsertSurvivesKill9DuringAStreamOfInserts() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of())) {
      fe.startOrFail();
      try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE stream");
        s.execute("CREATE TABLE stream.t (k BIGINT NOT NULL, w INT) DUPLICATE KEY(k)");
      }
      Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicLong next = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread[] writers = new Thread[6];
      for (int w = 0; w < writers.length; w++) {
        int writer = w;
        writers[w] =
            new Thread(
                () -> {
                  try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
                      Statement s = c.createStatement()) {
                    while (running.get()) {
                      long k = next.incrementAndGet();
                      s.executeUpdate("INSERT INTO stream.t VALUES (" + k + ", " + writer + ")");
                      acknowledged.add(k);
                    }
                  } catch (SQLException expectedWhenKilled) {
                    // The FE died under us: only what was acknowledged before counts.
                  }
                });
        writers[w].start();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (acknowledged.size() < 2000 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      fe.kill9();
      running.set(false);
      for (Thread t : writers) {
        t.join(30_000);
      }
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2000);

      fe.startOrFail();
      Set<Long> present = keys(fe, "stream.t");
      assertThat(present).containsAll(acknowledged);
      // Nothing appears that no client ever sent.
      assertThat(present).allMatch(k -> k >= 1 && k <= next.get());
    }
  }
}
