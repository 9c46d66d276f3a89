package io.metafe.it;

import static io.metafe.it.ItSupport.awaitRows;
import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Losing the quorum must not take the master down: with 3 FOLLOWERs of which the two non-masters
 * are killed, the master stays up, refuses writes quickly with an error that names the unreachable
 * FOLLOWERs, keeps serving reads, and commits again as soon as one FOLLOWER is back, without a
 * restart.
 */
class QuorumIT {
  private static final String REFUSAL =
      "a majority of FOLLOWERs is unreachable, so the write was not committed and nothing changed";

  private final ItCluster fes = new ItCluster();

  @AfterEach
  void stopAll() {
    fes.close();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }

  /** SELECT k of the table on {@code fe}, as a sorted set. */
  private static Set<Long> keys(FeProcess fe) throws SQLException {
    Set<Long> keys = new TreeSet<>();
    for (List<String> row : query(fe, "SELECT k FROM q.t")) {
      keys.add(Long.parseLong(row.get(0)));
    }
    return keys;
  }

  @Test
  void losingTheQuorumRefusesWritesKeepsReadsAndWritesResumeWhenAFollowerReturns()
      throws Exception {
    List<FeProcess> all = fes.start(java.util.Map.of(), "FOLLOWER", "FOLLOWER");
    FeProcess master = all.get(0);
    List<FeProcess> followers = new ArrayList<>(all.subList(1, 3));
    exec(master, "CREATE DATABASE q", "CREATE TABLE q.t (k BIGINT NOT NULL) DUPLICATE KEY(k)");
    Set<Long> acknowledged = new TreeSet<>();
    Set<Long> refused = new TreeSet<>();
    long next = 0;
    for (; next < 10; next++) {
      exec(master, "INSERT INTO q.t VALUES (" + next + ")");
      acknowledged.add(next);
    }
    for (FeProcess fe : followers) {
      awaitRows(
          "the rows before the outage",
          fe,
          "SELECT COUNT(*) FROM q.t",
          rows -> rows.equals(List.of(List.of("10"))));
    }

    for (FeProcess fe : followers) {
      fe.kill9();
    }
    long killed = System.nanoTime();

    Set<Long> uncertain = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(master.jdbcUrl());
        Statement s = c.createStatement()) {
      // A write sent right after the kill may still find bdbje counting the FOLLOWERs as connected:
      // it notices a dead replica when the kernel closes its connection, or at the latest after
      // bdbje_heartbeat_timeout_second (a crashed host closes nothing). Such a write reaches the
      // master's journal and waits bdbje_replica_ack_timeout_second for confirmations that never
      // come, so its outcome is honestly unknown. Either answer is acceptable for it; it must not
      // be acknowledged.
      long k = next++;
      long before = System.nanoTime();
      SQLException early = insertExpectingFailure(s, k);
      double earlyAfter = seconds(System.nanoTime() - before);
      if (early.getMessage().startsWith(REFUSAL)) {
        refused.add(k);
        assertRefusal(early, followers);
        System.out.println(
            "QuorumIT: write sent right after the kill refused after " + fmt(earlyAfter));
      } else {
        uncertain.add(k);
        assertThat(early.getMessage())
            .as("error %d", early.getErrorCode())
            .contains("outcome is unknown")
            .doesNotContain("com.sleepycat")
            .doesNotContain("Exception");
        System.out.println(
            "QuorumIT: write sent right after the kill was still in flight: outcome unknown after "
                + fmt(earlyAfter)
                + ": "
                + early.getMessage());
      }
      assertThat(master.isAlive()).as("the master stays up").isTrue();

      // Once bdbje had its heartbeat timeout (2 s) to notice, a write is refused quickly, with an
      // error an operator can act on, and nothing changes.
      long sinceKill = System.nanoTime() - killed;
      if (sinceKill < Duration.ofSeconds(3).toNanos()) {
        Thread.sleep(Duration.ofSeconds(3).toMillis() - sinceKill / 1_000_000);
      }
      k = next++;
      before = System.nanoTime();
      SQLException refusal = insertExpectingFailure(s, k);
      double refusedAfter = seconds(System.nanoTime() - before);
      refused.add(k);
      System.out.println(
          "QuorumIT: write refused after "
              + fmt(refusedAfter)
              + " (sent "
              + fmt(seconds(before - killed))
              + " after the kill)");
      System.out.println("QuorumIT: refusal: " + refusal.getMessage());
      assertThat(refusedAfter).as("seconds to refuse a write without a quorum").isLessThan(10.0);
      assertRefusal(refusal, followers);
      assertThat(master.isAlive()).as("the master stays up").isTrue();

      // Reads and SHOW FRONTENDS keep working on the master, on this very connection and on new
      // ones.
      assertThat(keys(master)).containsAll(acknowledged).doesNotContainAnyElementsOf(refused);
      List<List<String>> frontends = query(master, "SHOW FRONTENDS");
      assertThat(frontends).hasSize(3);
      assertThat(frontends)
          .filteredOn(r -> r.get(8).equals("true"))
          .singleElement()
          .satisfies(r -> assertThat(r.get(0)).isEqualTo(master.roleFile().getProperty("name")));
      FeProcess.Result cli = master.mysqlCli("SHOW FRONTENDS; SELECT COUNT(*) FROM q.t");
      assertThat(cli.exitCode()).as(cli.toString()).isZero();
      try (var rs = s.executeQuery("SELECT COUNT(*) FROM q.t WHERE k < 10")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(10);
      }
    }
    master.waitForLog("writes are refused until enough FOLLOWERs are back", Duration.ofSeconds(5));
    assertThat(master.isAlive()).as("the master stays up").isTrue();

    // One FOLLOWER comes back with its plain start command; writes work again without restarting
    // the master.
    FeProcess returning = followers.get(0);
    long startBegan = System.nanoTime();
    FeProcess.Result started = returning.start();
    long startReturned = System.nanoTime();
    System.out.println(
        "QuorumIT: start_fe.sh of the returning FOLLOWER took "
            + fmt(seconds(startReturned - startBegan))
            + ": "
            + started.stdout().strip().replace('\n', ' '));
    assertThat(started.exitCode()).as(started + returning.diagnostics()).isZero();
    double writableAfter = -1;
    long deadline = startReturned + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      long k = next++;
      try {
        exec(master, "INSERT INTO q.t VALUES (" + k + ")");
        acknowledged.add(k);
        writableAfter = seconds(System.nanoTime() - startReturned);
        break;
      } catch (SQLException e) {
        refused.add(k);
        assertRefusal(e, List.of(followers.get(1)));
        Thread.sleep(100);
      }
    }
    System.out.println(
        "QuorumIT: first write committed "
            + fmt(writableAfter)
            + " after the returning FOLLOWER's start_fe.sh returned");
    assertThat(writableAfter)
        .as("writes work again after a FOLLOWER is back\n" + master.diagnostics())
        .isBetween(0.0, 15.0);
    master.waitForLog("writes are committed again", Duration.ofSeconds(5));
    assertThat(master.feLog())
        .as("the master kept its role")
        .doesNotContain("transfer from MASTER to")
        .doesNotContain("FE must stop");
    for (int i = 0; i < 5; i++) {
      long k = next++;
      exec(master, "INSERT INTO q.t VALUES (" + k + ")");
      acknowledged.add(k);
    }

    // The other FOLLOWER returns too; every acknowledged write, and none of the refused ones, is on
    // every FE.
    FeProcess.Result last = followers.get(1).start();
    assertThat(last.exitCode()).as(last + followers.get(1).diagnostics()).isZero();
    System.out.println(
        "QuorumIT: "
            + acknowledged.size()
            + " writes acknowledged, "
            + refused.size()
            + " refused, "
            + uncertain.size()
            + " with an unknown outcome");
    for (FeProcess fe : all) {
      awaitRows(
          "every acknowledged write",
          fe,
          "SELECT k FROM q.t",
          rows ->
              rows.size() >= acknowledged.size()
                  && rows.stream()
                      .map(r -> Long.valueOf(r.get(0)))
                      .collect(java.util.stream.Collectors.toSet())
                      .containsAll(acknowledged));
      Set<Long> present = keys(fe);
      assertThat(present)
          .as("rows on the FE at query port %d", fe.queryPort())
          .containsAll(acknowledged)
          .doesNotContainAnyElementsOf(refused);
      Set<Long> unexpected = new TreeSet<>(present);
      unexpected.removeAll(acknowledged);
      unexpected.removeAll(uncertain);
      assertThat(unexpected).as("rows nobody wrote successfully").isEmpty();
    }
    // A write whose outcome was unknown is on every FE or on none; here the master kept its role
    // and its journal held the write, so the returning FOLLOWERs received it and it stays.
    assertThat(keys(master)).containsAll(uncertain);
    assertThat(keys(followers.get(0))).isEqualTo(keys(master));
    assertThat(keys(followers.get(1))).isEqualTo(keys(master));
    assertThat(query(master, "SHOW FRONTENDS"))
        .filteredOn(r -> r.get(8).equals("true"))
        .singleElement()
        .satisfies(r -> assertThat(r.get(0)).isEqualTo(master.roleFile().getProperty("name")));
  }

  private static SQLException insertExpectingFailure(Statement s, long k) {
    try {
      s.executeUpdate("INSERT INTO q.t VALUES (" + k + ")");
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("INSERT of " + k + " was acknowledged without a quorum");
  }

  /**
   * Error 1105 with the documented text, naming every FE of {@code unreachable} as {@code <node
   * name> (<host>:<edit_log_port>)}, without bdbje's internals.
   */
  private static void assertRefusal(SQLException e, List<FeProcess> unreachable) {
    String message = e.getMessage();
    assertThat(e.getErrorCode()).as(message).isEqualTo(1105);
    assertThat(message).startsWith(REFUSAL);
    for (FeProcess fe : unreachable) {
      assertThat(message)
          .contains(fe.roleFile().getProperty("name") + " (" + fe.helperAddress() + ")");
    }
    assertThat(message).doesNotContain("com.sleepycat").doesNotContain("Exception");
  }
}
