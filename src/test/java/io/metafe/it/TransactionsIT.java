package io.metafe.it;

import static io.metafe.it.ItSupport.await;
import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Multi-statement transactions across FEs, through Connector/J's setAutoCommit(false) as
 * applications use them: a transaction is one journal entry, so every FE sees all of it or none of
 * it, also when the master dies meanwhile.
 */
class TransactionsIT {
  private static final int STATEMENTS = 40;
  private static final int ROWS_PER_STATEMENT = 5;

  private final ItCluster fes = new ItCluster();

  @AfterEach
  void stopAll() {
    fes.close();
  }

  private static long count(FeProcess fe, String table) throws SQLException {
    return Long.parseLong(query(fe, "SELECT COUNT(*) FROM " + table).get(0).get(0));
  }

  /**
   * Inserts STATEMENTS statements of ROWS_PER_STATEMENT rows into tx.t and one row per statement
   * into tx.u.
   */
  private static void fill(Statement s, int tag) throws SQLException {
    for (int i = 0; i < STATEMENTS; i++) {
      StringBuilder sql = new StringBuilder("INSERT INTO tx.t VALUES ");
      for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
        sql.append(r == 0 ? "" : ", ")
            .append("(")
            .append(tag)
            .append(", ")
            .append(i * ROWS_PER_STATEMENT + r)
            .append(")");
      }
      s.executeUpdate(sql.toString());
      s.executeUpdate("INSERT INTO tx.u VALUES (" + tag + ")");
    }
  }

  @Test
  void aTransactionCommittedOnAFollowerAppearsWholeOnEveryFeAndNeverInPart() throws Exception {
    List<FeProcess> all = fes.start(Map.of(), "FOLLOWER", "OBSERVER");
    FeProcess master = all.get(0);
    FeProcess follower = all.get(1);
    FeProcess observer = all.get(2);
    exec(
        master,
        "CREATE DATABASE tx",
        "CREATE TABLE tx.t (tag INT NOT NULL, n INT NOT NULL) DUPLICATE KEY(tag)",
        "CREATE TABLE tx.u (tag INT NOT NULL) DUPLICATE KEY(tag)");
    long total = (long) STATEMENTS * ROWS_PER_STATEMENT;

    // A reader on the observer records every count it sees while the transaction commits.
    Set<Long> seen = new ConcurrentSkipListSet<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection(observer.jdbcUrl());
                  Statement s = c.createStatement()) {
                while (reading.get()) {
                  try (var rs = s.executeQuery("SELECT COUNT(*) FROM tx.t")) {
                    rs.next();
                    seen.add(rs.getLong(1));
                  }
                }
              } catch (SQLException e) {
                seen.add(-1L);
              }
            });
    reader.start();
    try (Connection c = DriverManager.getConnection(follower.jdbcUrl());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      fill(s, 1);
      try (var rs = s.executeQuery("SELECT COUNT(*) FROM tx.t")) {
        rs.next();
        assertThat(rs.getLong(1)).as("the transaction reads its own writes").isEqualTo(total);
      }
      assertThat(count(master, "tx.t")).as("the master before COMMIT").isZero();
      assertThat(count(follower, "tx.t"))
          .as("another session on the same FE before COMMIT")
          .isZero();
      c.commit();
      assertThat(count(follower, "tx.t"))
          .as("the follower reads what it committed at once")
          .isEqualTo(total);
    }
    await(
        "the observer sees the transaction",
        Duration.ofSeconds(20),
        () -> {
          try {
            return count(observer, "tx.t") == total;
          } catch (SQLException e) {
            return false;
          }
        });
    reading.set(false);
    reader.join(10_000);
    assertThat(seen)
        .as("counts the observer saw while the transaction committed")
        .isSubsetOf(0L, total)
        .contains(total);
    for (FeProcess fe : all) {
      assertThat(count(fe, "tx.t")).isEqualTo(total);
      assertThat(count(fe, "tx.u")).isEqualTo(STATEMENTS);
    }
    // A rolled-back transaction and one whose connection closed leave nothing anywhere.
    try (Connection c = DriverManager.getConnection(follower.jdbcUrl());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      fill(s, 2);
      c.rollback();
      fill(s, 3);
    }
    exec(master, "INSERT INTO tx.u VALUES (9)");
    for (FeProcess fe : all) {
      await(
          "the marker row on " + fe.queryPort(),
          Duration.ofSeconds(20),
          () -> {
            try {
              return count(fe, "tx.u") == STATEMENTS + 1;
            } catch (SQLException e) {
              return false;
            }
          });
      assertThat(count(fe, "tx.t")).isEqualTo(total);
    }
  }

  @Test
  void preparedWritesOnAFollowerReachTheMasterWithTheirExactValues() throws Exception {
    List<FeProcess> all = fes.start(Map.of(), "FOLLOWER");
    FeProcess master = all.get(0);
    FeProcess follower = all.get(1);
    exec(
        master,
        "CREATE DATABASE tx",
        "CREATE TABLE tx.s (k INT NOT NULL, v VARCHAR(64)) DUPLICATE KEY(k)");
    String tricky = "😀' ), (9, 'injected') #\\ \"q\"";
    try (Connection c =
            DriverManager.getConnection(follower.jdbcUrl() + "&useServerPrepStmts=true");
        // A character outside the BMP before the parameters: ANTLR and Java count its length
        // differently.
        java.sql.PreparedStatement p =
            c.prepareStatement("INSERT INTO tx.s /* 😀 */ VALUES (?, ?)")) {
      p.setInt(1, 1);
      p.setString(2, tricky);
      assertThat(p.executeUpdate()).isEqualTo(1);
      c.setAutoCommit(false);
      p.setInt(1, 2);
      p.setString(2, "😀 in a transaction");
      p.executeUpdate();
      c.commit();
    }
    for (FeProcess fe : all) {
      await(
          "both rows on " + fe.queryPort(),
          Duration.ofSeconds(20),
          () -> {
            try {
              return count(fe, "tx.s") == 2;
            } catch (SQLException e) {
              return false;
            }
          });
      assertThat(query(fe, "SELECT k, v FROM tx.s ORDER BY k"))
          .containsExactly(List.of("1", tricky), List.of("2", "😀 in a transaction"));
    }
  }

  @Test
  void aTransactionOpenWhenTheMasterDiesIsWhollyCommittedOrWhollyAbsent() throws Exception {
    List<FeProcess> all = fes.start(Map.of(), "FOLLOWER", "FOLLOWER");
    FeProcess master = all.get(0);
    exec(
        master,
        "CREATE DATABASE tx",
        "CREATE TABLE tx.t (tag INT NOT NULL, n INT NOT NULL) DUPLICATE KEY(tag)",
        "CREATE TABLE tx.u (tag INT NOT NULL) DUPLICATE KEY(tag)");
    Connection onMaster = DriverManager.getConnection(master.jdbcUrl());
    try (Connection onFollower = DriverManager.getConnection(all.get(1).jdbcUrl());
        Statement m = onMaster.createStatement();
        Statement f = onFollower.createStatement()) {
      onMaster.setAutoCommit(false);
      onFollower.setAutoCommit(false);
      fill(m, 1);
      fill(f, 2);
      master.kill9();
      long started = System.nanoTime();
      String outcome;
      try {
        onFollower.commit();
        outcome = "committed";
      } catch (SQLException e) {
        outcome = "failed: " + e.getMessage();
      }
      System.out.printf(
          "COMMIT on a follower right after kill -9 of the master, after %d ms: %s%n",
          (System.nanoTime() - started) / 1_000_000, outcome);
    } finally {
      try {
        onMaster.close();
      } catch (SQLException expected) {
        // Closing rolls back, over a connection to the FE this test killed.
      }
    }
    List<FeProcess> survivors = all.subList(1, 3);
    for (FeProcess fe : survivors) {
      await(
          "a master for " + fe.queryPort(),
          Duration.ofSeconds(30),
          () -> {
            try {
              exec(fe, "INSERT INTO tx.u VALUES (9)");
              return true;
            } catch (SQLException e) {
              return false;
            }
          });
    }
    Set<Long> counts = new TreeSet<>();
    for (FeProcess fe : survivors) {
      await(
          "both markers on " + fe.queryPort(),
          Duration.ofSeconds(20),
          () -> {
            try {
              return Long.parseLong(
                      query(fe, "SELECT COUNT(*) FROM tx.u WHERE tag = 9").get(0).get(0))
                  == 2;
            } catch (SQLException e) {
              return false;
            }
          });
      assertThat(query(fe, "SELECT COUNT(*) FROM tx.t WHERE tag = 1").get(0).get(0))
          .as("the transaction of the killed master's client")
          .isEqualTo("0");
      long t = Long.parseLong(query(fe, "SELECT COUNT(*) FROM tx.t WHERE tag = 2").get(0).get(0));
      long u = Long.parseLong(query(fe, "SELECT COUNT(*) FROM tx.u WHERE tag = 2").get(0).get(0));
      assertThat(
              (t == 0 && u == 0)
                  || (t == (long) STATEMENTS * ROWS_PER_STATEMENT && u == STATEMENTS))
          .as("all or nothing on " + fe.queryPort() + ": t=" + t + ", u=" + u)
          .isTrue();
      counts.add(t);
    }
    assertThat(counts).as("every surviving FE agrees").hasSize(1);
  }
}
