package io.metafe.it;

import static io.metafe.it.ItSupport.await;
import static io.metafe.it.ItSupport.awaitRows;
import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Restarting a whole cluster: every FE stopped, then each started with its plain start command (no
 * --helper), in an order other than the original one. The first FEs say what they wait for and
 * serve SHOW FRONTENDS; a master is elected as soon as a majority of the FOLLOWERs runs; nothing
 * written before the stop is lost.
 */
class ClusterRestartIT {
  private static final Duration START_BOUND = Duration.ofSeconds(15);
  private static final int IS_MASTER = 8;
  private static final int ROLE = 7;

  private final ItCluster fes = new ItCluster();

  @AfterEach
  void stopAll() {
    fes.close();
  }

  private static String fmt(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static String name(FeProcess fe) {
    return fe.roleFile().getProperty("name");
  }

  /**
   * {@code fe.start()} (plain, no --helper), timed, asserted to succeed within {@link
   * #START_BOUND}.
   */
  private static FeProcess.Result timedStart(String label, FeProcess fe) {
    long began = System.nanoTime();
    FeProcess.Result r = fe.start();
    long took = System.nanoTime() - began;
    String line =
        Arrays.stream(r.stdout().split("\n"))
            .filter(l -> l.startsWith("MetaFE "))
            .findFirst()
            .orElse("(no MetaFE line)");
    System.out.println(
        "ClusterRestartIT: start_fe.sh of " + label + " returned in " + fmt(took) + ": " + line);
    assertThat(r.exitCode()).as(label + ": " + r + fe.diagnostics()).isZero();
    assertThat(Duration.ofNanos(took))
        .as("start_fe.sh of " + label + " returns in time")
        .isLessThan(START_BOUND);
    return r;
  }

  /** The {@code MetaFE waiting:} line of a start, asserted to be there. */
  private static String waitingLine(String label, FeProcess.Result r) {
    return Arrays.stream(r.stdout().split("\n"))
        .filter(l -> l.startsWith("MetaFE waiting:"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(label + " printed no 'MetaFE waiting:' line: " + r));
  }

  /** SHOW FRONTENDS through the mysql CLI: rows of columns, header checked and dropped. */
  private static List<List<String>> cliFrontends(FeProcess fe) {
    FeProcess.Result r = fe.mysqlCli("SHOW FRONTENDS");
    assertThat(r.exitCode())
        .as("SHOW FRONTENDS through the mysql CLI: " + r + fe.diagnostics())
        .isZero();
    String[] lines = r.stdout().strip().split("\n");
    List<String> header = List.of(lines[0].split("\t", -1));
    assertThat(header.get(IS_MASTER)).isEqualTo("IsMaster");
    assertThat(header.get(ROLE)).isEqualTo("Role");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      rows.add(List.of(lines[i].split("\t", -1)));
    }
    return rows;
  }

  /** While no master is elected: every FE listed, none as master, this FE not as master either. */
  private static void assertNoMasterListed(
      FeProcess fe, Set<String> allNames, String expectedRole) {
    List<List<String>> rows = cliFrontends(fe);
    assertThat(rows).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(allNames);
    assertThat(rows)
        .as("no FE shows as master while none is elected")
        .noneMatch(r -> r.get(IS_MASTER).equals("true"));
    assertThat(rows)
        .filteredOn(r -> r.get(0).equals(name(fe)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get(ROLE)).isEqualTo(expectedRole);
              assertThat(r.get(IS_MASTER)).isEqualTo("false");
            });
  }

  private static List<List<String>> orders(FeProcess fe) throws SQLException {
    return query(fe, "SELECT id, item FROM shop.orders ORDER BY id");
  }

  @Test
  void aStoppedClusterComesBackWithPlainStartsInAnotherOrder() throws Exception {
    // 3 FOLLOWERs (f1 the first master) and 1 OBSERVER, with data.
    List<FeProcess> all = fes.start(Map.of(), "FOLLOWER", "FOLLOWER", "OBSERVER");
    FeProcess f1 = all.get(0);
    FeProcess f2 = all.get(1);
    FeProcess f3 = all.get(2);
    FeProcess observer = all.get(3);
    Map<FeProcess, String> roles = new LinkedHashMap<>();
    for (FeProcess fe : all) {
      roles.put(fe, fe == observer ? "OBSERVER" : "FOLLOWER");
    }
    exec(
        f1,
        "CREATE DATABASE shop",
        "CREATE TABLE shop.orders (id INT NOT NULL, item VARCHAR(20)) DUPLICATE KEY(id)",
        "CREATE TABLE shop.after_restart (k BIGINT NOT NULL) DUPLICATE KEY(k)");
    for (int i = 1; i <= 30; i++) {
      exec(
          i % 2 == 0 ? f1 : observer,
          "INSERT INTO shop.orders VALUES (" + i + ", 'item" + i + "')");
    }
    List<List<String>> before = orders(f1);
    assertThat(before).hasSize(30);
    for (FeProcess fe : roles.keySet()) {
      awaitRows(
          "every row before the stop",
          fe,
          "SELECT COUNT(*) FROM shop.orders",
          r -> r.equals(List.of(List.of("30"))));
    }
    List<List<String>> listed = query(f1, "SHOW FRONTENDS");
    Map<String, String> roleByName = new LinkedHashMap<>();
    for (List<String> row : listed) {
      roleByName.put(row.get(0), row.get(ROLE));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    roles.forEach((fe, role) -> expected.put(name(fe), role));
    assertThat(roleByName).as("SHOW FRONTENDS before the stop").isEqualTo(expected);
    Set<String> allNames = roleByName.keySet();

    for (FeProcess fe : roles.keySet()) {
      FeProcess.Result stopped = fe.stop();
      assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
      assertThat(fe.isAlive()).isFalse();
    }

    // The observer first: no FOLLOWER runs, so it waits, says so, and serves SHOW FRONTENDS.
    String observerLine = waitingLine("the observer", timedStart("the observer (1st)", observer));
    assertThat(observerLine).contains("waiting for a quorum", "needs 2 of the 3 FOLLOWERs");
    for (FeProcess f : List.of(f1, f2, f3)) {
      assertThat(observerLine).contains(name(f) + " at " + f.helperAddress() + " (not answering)");
    }
    assertNoMasterListed(observer, allNames, "OBSERVER");

    // FOLLOWER 3: the first FOLLOWER waits for a quorum and names the other two, neither answering.
    String f3Line = waitingLine("FOLLOWER 3", timedStart("FOLLOWER 3 (2nd)", f3));
    assertThat(f3Line).contains("waiting for a quorum", "needs 2 of the 3 FOLLOWERs and 1 run");
    for (FeProcess f : List.of(f1, f2)) {
      assertThat(f3Line).contains(name(f) + " at " + f.helperAddress() + " (not answering)");
    }
    assertThat(f3Line).doesNotContain(name(f3) + " at");
    assertNoMasterListed(f3, allNames, "FOLLOWER");
    assertNoMasterListed(observer, allNames, "OBSERVER");
    assertThat(f3.isAlive()).isTrue();

    // The observer restarted now says which FOLLOWER answers: FOLLOWER 3 does, the others do not.
    assertThat(observer.stop().exitCode()).isZero();
    String again =
        waitingLine("the observer", timedStart("the observer (again, after FOLLOWER 3)", observer));
    assertThat(again)
        .contains(
            "waiting for a quorum",
            name(f3) + " at " + f3.helperAddress() + " (running)",
            name(f1) + " at " + f1.helperAddress() + " (not answering)",
            name(f2) + " at " + f2.helperAddress() + " (not answering)");
    assertNoMasterListed(observer, allNames, "OBSERVER");

    // FOLLOWER 1, the second FOLLOWER: a master is elected and writes work through either FOLLOWER.
    FeProcess.Result f1Start = timedStart("FOLLOWER 1 (3rd)", f1);
    long f1Returned = System.nanoTime();
    if (f1Start.stdout().contains("MetaFE waiting:")) {
      assertThat(waitingLine("FOLLOWER 1", f1Start))
          .contains(name(f3) + " at " + f3.helperAddress() + " (running)");
    }
    Set<Long> acknowledged = new HashSet<>();
    long[] next = {1};
    FeProcess[] writer = new FeProcess[1];
    await(
        "a write after the second FOLLOWER started",
        Duration.ofSeconds(30),
        () -> {
          for (FeProcess fe : List.of(f3, f1)) {
            long k = next[0]++;
            try {
              exec(fe, "INSERT INTO shop.after_restart VALUES (" + k + ")");
              acknowledged.add(k);
              writer[0] = fe;
              return true;
            } catch (SQLException notYet) {
              // no master yet
            }
          }
          return false;
        });
    long firstWrite = System.nanoTime() - f1Returned;
    System.out.println(
        "ClusterRestartIT: first write committed "
            + fmt(firstWrite)
            + " after the second FOLLOWER's start_fe.sh returned (through "
            + (writer[0] == f1 ? "FOLLOWER 1" : "FOLLOWER 3")
            + ")");
    assertThat(Duration.ofNanos(firstWrite))
        .as(
            "a master is elected once two FOLLOWERs run\n"
                + f1.diagnostics()
                + "\n"
                + f3.diagnostics())
        .isLessThan(START_BOUND);

    // FOLLOWER 2 last; then everything is back.
    timedStart("FOLLOWER 2 (4th)", f2);
    for (FeProcess fe : List.of(f2, observer)) {
      long k = next[0]++;
      exec(fe, "INSERT INTO shop.after_restart VALUES (" + k + ")");
      acknowledged.add(k);
    }

    Set<String> masters = new HashSet<>();
    for (FeProcess fe : all) {
      awaitRows(
          "every FE alive with one master",
          fe,
          "SHOW FRONTENDS",
          rows ->
              rows.size() == 4
                  && rows.stream().allMatch(r -> r.get(11).equals("true"))
                  && rows.stream().filter(r -> r.get(IS_MASTER).equals("true")).count() == 1);
      List<List<String>> rows = query(fe, "SHOW FRONTENDS");
      assertThat(rows).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(allNames);
      for (List<String> row : rows) {
        assertThat(row.get(ROLE))
            .as("role of %s", row.get(0))
            .isEqualTo(roleByName.get(row.get(0)));
      }
      rows.stream()
          .filter(r -> r.get(IS_MASTER).equals("true"))
          .forEach(r -> masters.add(r.get(0)));
      awaitRows(
          "every row written before the stop",
          fe,
          "SELECT COUNT(*) FROM shop.orders",
          r -> r.equals(List.of(List.of("30"))));
      assertThat(orders(fe)).as("data on %s", name(fe)).isEqualTo(before);
      awaitRows(
          "every write after the restart",
          fe,
          "SELECT k FROM shop.after_restart",
          r -> {
            Set<Long> present = new HashSet<>();
            r.forEach(row -> present.add(Long.parseLong(row.get(0))));
            return present.containsAll(acknowledged);
          });
    }
    assertThat(masters).as("exactly one FE is master, the same on every FE").hasSize(1);
    assertThat(roleByName.get(masters.iterator().next())).isEqualTo("FOLLOWER");
  }
}
