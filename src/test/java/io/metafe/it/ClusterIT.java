package io.metafe.it;

import static io.metafe.it.ItSupport.await;
import static io.metafe.it.ItSupport.awaitRows;
import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several FEs on 127.0.0.1 with distinct ports: joining, replication, membership and failover. */
class ClusterIT {
  private final List<FeProcess> fes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stopAll() {
    fes.forEach(FeProcess::close);
  }

  private FeProcess newFe() {
    return newFe(Map.of());
  }

  private FeProcess newFe(Map<String, String> conf) {
    FeProcess fe = FeProcess.create(conf);
    fes.add(fe);
    return fe;
  }

  private static String helper(FeProcess master) {
    return master.helperAddress() + ":" + master.httpPort();
  }

  private JsonNode checksum(FeProcess fe) throws Exception {
    String token = fe.versionFile().getProperty("token");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://"
                            + fe.host()
                            + ":"
                            + fe.httpPort()
                            + "/api/checksum?token="
                            + token))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body());
  }

  /** Starts a master and joins followers and observers through it; returns them in that order. */
  private List<FeProcess> cluster(int followers, int observers) throws Exception {
    return cluster(followers, observers, Map.of());
  }

  private List<FeProcess> cluster(int followers, int observers, Map<String, String> conf)
      throws Exception {
    FeProcess master = newFe(conf).startOrFail();
    List<FeProcess> all = new ArrayList<>(List.of(master));
    for (int i = 0; i < followers + observers; i++) {
      FeProcess fe = newFe(conf);
      exec(
          master,
          "ALTER SYSTEM ADD "
              + (i < followers ? "FOLLOWER" : "OBSERVER")
              + " \""
              + fe.helperAddress()
              + "\"");
      fe.startOrFail("--helper", helper(master));
      all.add(fe);
    }
    return all;
  }

  @Test
  void followersAndObserversJoinReplicateServeReadsAndAgree() throws Exception {
    List<FeProcess> all = cluster(2, 1);
    FeProcess master = all.get(0);
    assertThat(all.get(1).roleFile().getProperty("role")).isEqualTo("FOLLOWER");
    assertThat(all.get(3).roleFile().getProperty("role")).isEqualTo("OBSERVER");
    assertThat(all.get(3).versionFile().getProperty("clusterId"))
        .isEqualTo(master.versionFile().getProperty("clusterId"));
    exec(
        master,
        "CREATE DATABASE rep",
        "CREATE TABLE rep.t (k INT NOT NULL, v VARCHAR(8)) DUPLICATE KEY(k)",
        "INSERT INTO rep.t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    for (FeProcess fe : all) {
      awaitRows(
          "rows", fe, "SELECT COUNT(*) FROM rep.t", rows -> rows.equals(List.of(List.of("3"))));
    }
    // The master also records each FE's ports when it first hears from it, so wait until every FE
    // has replayed everything before comparing.
    Map<String, String> digests = new HashMap<>();
    await(
        "every FE at the same journal id",
        Duration.ofSeconds(20),
        () -> {
          digests.clear();
          for (FeProcess fe : all) {
            try {
              JsonNode c = checksum(fe);
              digests.put(
                  c.get("journalId").asText() + "/" + c.get("digest").asText(),
                  fe.roleFile().getProperty("name"));
            } catch (Exception e) {
              return false;
            }
          }
          return digests.keySet().stream().map(k -> k.split("/")[0]).distinct().count() == 1;
        });
    assertThat(digests).as("every FE at the same journal id has the same state").hasSize(1);

    List<List<String>> frontends = query(all.get(3), "SHOW FRONTENDS");
    assertThat(frontends).hasSize(4);
    for (int i = 0; i < 4; i++) {
      List<String> row = frontends.get(i);
      FeProcess fe = all.get(i);
      assertThat(row.get(0)).as("Name").isEqualTo(fe.roleFile().getProperty("name"));
      assertThat(row.get(1)).as("IP").isEqualTo("127.0.0.1");
      assertThat(row.get(3)).as("EditLogPort").isEqualTo(Integer.toString(fe.editLogPort()));
      assertThat(row.get(9))
          .as("ClusterId")
          .isEqualTo(master.versionFile().getProperty("clusterId"));
      assertThat(row.get(14)).as("IsHelper").isEqualTo(i < 3 ? "true" : "false");
    }
    // The observer sees itself joined; followers are bdbje group members everyone knows.
    assertThat(frontends.subList(0, 4)).extracting(r -> r.get(10)).as("Join").containsOnly("true");
    assertThat(frontends)
        .filteredOn(r -> r.get(8).equals("true"))
        .singleElement()
        .satisfies(r -> assertThat(r.get(0)).isEqualTo(master.roleFile().getProperty("name")));
    assertThat(frontends)
        .extracting(r -> r.get(7))
        .containsExactly("FOLLOWER", "FOLLOWER", "FOLLOWER", "OBSERVER");
    assertThat(master.feLog()).contains("transfer from INIT to MASTER");
    assertThat(all.get(1).feLog()).contains("transfer from INIT to FOLLOWER");
    assertThat(all.get(3).feLog()).contains("transfer from INIT to OBSERVER");

    // A write on an observer is forwarded to the master and readable on the observer as soon as it
    // returns.
    FeProcess observer = all.get(3);
    try (Connection c = DriverManager.getConnection(observer.jdbcUrl());
        Statement s = c.createStatement()) {
      for (int k = 4; k <= 20; k++) {
        assertThat(s.executeUpdate("INSERT INTO rep.t VALUES (" + k + ", 'fwd')")).isEqualTo(1);
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rep.t WHERE k = " + k)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).as("read-your-write of key %d on the observer", k).isEqualTo(1);
        }
      }
      assertThatThrownBy(() -> s.execute("CREATE DATABASE rep"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1007));
      s.execute("SET @v = 99");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO rep.t VALUES (@v, 'x')"))
          .hasMessageContaining("uses @v from your session, which is not forwarded");
    }
    assertThat(query(master, "SELECT COUNT(*) FROM rep.t")).containsExactly(List.of("20"));

    // Heartbeats make every FE alive, with its replayed journal id, on every FE.
    for (FeProcess fe : List.of(master, observer)) {
      awaitRows(
          "all FEs alive in SHOW FRONTENDS",
          fe,
          "SHOW FRONTENDS",
          rows ->
              rows.stream()
                  .allMatch(
                      r ->
                          r.get(11).equals("true")
                              && Long.parseLong(r.get(12)) > 0
                              && r.get(13) != null
                              && r.get(15).isEmpty()
                              && r.get(16) != null
                              && r.get(17).equals("0.1.0")
                              && !r.get(4).equals("0")
                              && !r.get(5).equals("0")
                              && !r.get(6).equals("0")));
    }
  }

  @Test
  void membershipErrorsAndADroppedObserverStops() throws Exception {
    List<FeProcess> all = cluster(0, 1);
    FeProcess master = all.get(0);
    FeProcess observer = all.get(1);
    assertThatThrownBy(
            () -> exec(master, "ALTER SYSTEM ADD FOLLOWER \"" + observer.helperAddress() + "\""))
        .hasMessageContaining("frontend already exists");
    assertThatThrownBy(
            () -> exec(master, "ALTER SYSTEM DROP FOLLOWER \"" + observer.helperAddress() + "\""))
        .hasMessageContaining("FOLLOWER does not exist");
    assertThatThrownBy(() -> exec(master, "ALTER SYSTEM DROP OBSERVER \"127.0.0.1:1\""))
        .hasMessageContaining("frontend does not exist[127.0.0.1:1]");
    assertThatThrownBy(
            () -> exec(master, "ALTER SYSTEM DROP FOLLOWER \"" + master.helperAddress() + "\""))
        .hasMessageContaining("can not drop current master node");
    assertThatThrownBy(() -> exec(master, "ALTER SYSTEM ADD OBSERVER \"no-port\""))
        .hasMessageContaining("Invalid host port format");

    exec(master, "ALTER SYSTEM DROP OBSERVER \"" + observer.helperAddress() + "\"");
    await("the dropped observer to exit", Duration.ofSeconds(20), () -> !observer.isAlive());
    assertThat(observer.feLog()).contains("was dropped from the cluster with ALTER SYSTEM DROP");
    assertThat(query(master, "SHOW FRONTENDS")).hasSize(1);

    FeProcess follower = newFe();
    exec(master, "ALTER SYSTEM ADD FOLLOWER \"" + follower.helperAddress() + "\"");
    follower.startOrFail("--helper", helper(master));
    String name = follower.roleFile().getProperty("name");
    exec(master, "ALTER SYSTEM DROP FOLLOWER \"" + follower.helperAddress() + "\"");
    await("the dropped follower to exit", Duration.ofSeconds(20), () -> !follower.isAlive());
    master.waitForLog(
        "removed " + name + " from the bdbje replication group", Duration.ofSeconds(30));
    exec(master, "CREATE DATABASE still_writable");
    FeProcess.Result again = follower.start();
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
    assertThat(again.output()).contains("MetaFE failed to start");
    assertThat(query(master, "SHOW FRONTENDS")).hasSize(1);
  }

  @Test
  void aNodeThatWasNeverAddedWaitsAndJoinsOnceAdded() throws Exception {
    FeProcess master = newFe().startOrFail();
    FeProcess late = newFe().env("START_WAIT_SECONDS", "6");
    FeProcess.Result r = late.start("--helper", helper(master));
    assertThat(r.exitCode()).isZero();
    late.waitForLog(
        "current node is not added to the group. please add it first.", Duration.ofSeconds(20));
    assertThat(late.isAlive()).isTrue();
    exec(
        master,
        "ALTER SYSTEM ADD OBSERVER \"" + late.helperAddress() + "\"",
        "CREATE DATABASE after_add");
    late.waitForLog("transfer from INIT to OBSERVER", Duration.ofSeconds(30));
    awaitRows(
        "the late FE to replay", late, "SHOW DATABASES LIKE 'after_add'", rows -> rows.size() == 1);
  }

  @Test
  void aMetaDirOfAnotherClusterIsRefusedWhenJoining() throws Exception {
    FeProcess master = newFe().startOrFail();
    FeProcess stranger = newFe().startOrFail();
    assertThat(stranger.stop().exitCode()).isZero();
    exec(master, "ALTER SYSTEM ADD FOLLOWER \"" + stranger.helperAddress() + "\"");
    FeProcess.Result r = stranger.start("--helper", helper(master));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).contains("belongs to another cluster");

    // A --helper whose edit_log_port belongs to one cluster and HTTP port to another is refused
    // before joining.
    FeProcess other = newFe().startOrFail();
    FeProcess mixedUp = newFe();
    exec(master, "ALTER SYSTEM ADD FOLLOWER \"" + mixedUp.helperAddress() + "\"");
    FeProcess.Result mixed =
        mixedUp.start("--helper", other.helperAddress() + ":" + master.httpPort());
    assertThat(mixed.exitCode()).as(mixed.toString()).isEqualTo(1);
    assertThat(mixed.output()).contains("does not list " + other.helperAddress());
    assertThat(mixedUp.metaDir().resolve("image/ROLE")).doesNotExist();
  }

  @Test
  void killingTheMasterElectsANewOneAndWritesResume() throws Exception {
    List<FeProcess> all = cluster(2, 0);
    FeProcess master = all.get(0);
    exec(
        master,
        "CREATE DATABASE fo",
        "CREATE TABLE fo.t (k INT NOT NULL) DUPLICATE KEY(k)",
        "INSERT INTO fo.t VALUES (1)");
    master.kill9();
    List<FeProcess> survivors = all.subList(1, 3);
    FeProcess[] newMaster = new FeProcess[1];
    await(
        "a new master",
        Duration.ofSeconds(30),
        () -> {
          for (FeProcess fe : survivors) {
            try {
              exec(fe, "INSERT INTO fo.t VALUES (2)");
              newMaster[0] = fe;
              return true;
            } catch (SQLException notYet) {
              // not the master (yet)
            }
          }
          return false;
        });
    // The write may have been forwarded by the survivor that follows; the master is the one bdbje
    // names.
    String masterName =
        query(newMaster[0], "SHOW FRONTENDS").stream()
            .filter(r -> r.get(8).equals("true"))
            .map(r -> r.get(0))
            .findFirst()
            .orElseThrow();
    FeProcess elected =
        survivors.stream()
            .filter(fe -> fe.roleFile().getProperty("name").equals(masterName))
            .findFirst()
            .orElseThrow();
    // bdbje first reports UNKNOWN (no master) and then MASTER, so the old type is FOLLOWER or
    // UNKNOWN.
    assertThat(elected.feLog())
        .containsPattern("transfer from (FOLLOWER|UNKNOWN) to MASTER finished");
    for (FeProcess fe : survivors) {
      awaitRows(
          "both rows", fe, "SELECT COUNT(*) FROM fo.t", rows -> rows.equals(List.of(List.of("2"))));
    }
  }

  @Test
  void anObserverCutOffFromTheMasterRefusesReadsThenRecovers() throws Exception {
    List<FeProcess> all = cluster(0, 1, Map.of("meta_delay_toleration_second", "3"));
    FeProcess master = all.get(0);
    FeProcess observer = all.get(1);
    exec(master, "CREATE DATABASE lag", "CREATE TABLE lag.t (k INT)");
    awaitRows("the observer to replay", observer, "SHOW TABLES FROM lag", rows -> rows.size() == 1);
    master.sigstop();
    try {
      await(
          "the observer to refuse reads",
          Duration.ofSeconds(20),
          () -> {
            try {
              query(observer, "SELECT * FROM lag.t");
              return false;
            } catch (SQLException e) {
              return e.getMessage().contains("has not heard from the master");
            }
          });
      assertThat(query(observer, "SHOW FRONTENDS")).hasSize(2);
      assertThat(query(observer, "SELECT 1")).containsExactly(List.of("1"));
    } finally {
      master.sigcont();
    }
    awaitRows(
        "the observer to serve reads again",
        observer,
        "SELECT COUNT(*) FROM lag.t",
        rows -> rows.equals(List.of(List.of("0"))));
  }

  @Test
  void everyAcknowledgedWriteSurvivesKill9OfTheMasterUnderLoadAndAllFesConverge() throws Exception {
    List<FeProcess> all = cluster(2, 1);
    FeProcess master = all.get(0);
    FeProcess observer = all.get(3);
    exec(
        master, "CREATE DATABASE load", "CREATE TABLE load.t (k BIGINT NOT NULL) DUPLICATE KEY(k)");
    java.util.Set<Long> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    List<FeProcess> targets = List.of(observer, all.get(1), all.get(2));
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      FeProcess target = targets.get(w % targets.size());
      Thread t =
          new Thread(
              () -> {
                while (running.get()) {
                  try (Connection c = DriverManager.getConnection(target.jdbcUrl());
                      Statement s = c.createStatement()) {
                    while (running.get()) {
                      long k = next.incrementAndGet();
                      s.executeUpdate("INSERT INTO load.t VALUES (" + k + ")");
                      acknowledged.add(k);
                    }
                  } catch (SQLException duringFailover) {
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              });
      t.start();
      writers.add(t);
    }
    try {
      await("writes before the kill", Duration.ofSeconds(30), () -> acknowledged.size() >= 300);
      master.kill9();
      int atKill = acknowledged.size();
      await(
          "writes after the failover",
          Duration.ofSeconds(30),
          () -> acknowledged.size() >= atKill + 300);
    } finally {
      running.set(false);
      for (Thread t : writers) {
        t.join(30_000);
      }
    }
    List<FeProcess> survivors = all.subList(1, 4);
    for (FeProcess fe : survivors) {
      await(
          "every acknowledged row on " + fe.queryPort(),
          Duration.ofSeconds(20),
          () -> {
            try {
              java.util.Set<Long> present = new java.util.HashSet<>();
              for (List<String> row : query(fe, "SELECT k FROM load.t")) {
                present.add(Long.parseLong(row.get(0)));
              }
              return present.containsAll(acknowledged);
            } catch (SQLException e) {
              return false;
            }
          });
    }
    await(
        "identical state on every surviving FE",
        Duration.ofSeconds(20),
        () -> {
          try {
            java.util.Set<String> digests = new java.util.HashSet<>();
            for (FeProcess fe : survivors) {
              JsonNode c = checksum(fe);
              digests.add(c.get("journalId").asText() + "/" + c.get("digest").asText());
            }
            return digests.size() == 1;
          } catch (Exception e) {
            return false;
          }
        });
  }

  /**
   * The master watch's false alarm, forced: with a 1 ms timeout every probe fails, so both
   * followers drop their bdbje connection to a healthy master every 200 ms and hold elections. The
   * master ranks itself first in elections (BdbEnvironment.keepPriority), so that costs reconnects,
   * never the mastership, and writes through every FE go on.
   */
  @Test
  void replicasThatWronglyDoubtALiveMasterNeverDeposeIt() throws Exception {
    // Both followers doubt: with one, the other's healthy vote kept the master even without the
    // priority. They doubt only after joining, since doubters keep a joining FE from finding the
    // master within its start (seen in CI); each restarts on its meta_dir and rejoins meanwhile.
    List<FeProcess> all = cluster(2, 0);
    FeProcess master = all.get(0);
    for (FeProcess follower : all.subList(1, 3)) {
      assertThat(follower.stop().exitCode()).isZero();
      follower.configure(Map.of("master_unresponsive_timeout_ms", "1"));
      assertThat(follower.start().exitCode()).isZero();
      follower.waitForLog("has not answered for 1 ms", Duration.ofSeconds(60));
    }
    exec(master, "CREATE DATABASE doubt");
    exec(master, "CREATE TABLE doubt.t (k BIGINT NOT NULL) DUPLICATE KEY(k)");
    long written = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      FeProcess target = all.get((int) (written % all.size()));
      try {
        exec(target, "INSERT INTO doubt.t VALUES (" + written + ")");
        written++;
      } catch (SQLException e) {
        // A forward that met a follower's reconnect; the next write goes on.
        Thread.sleep(20);
      }
    }
    for (FeProcess follower : all.subList(1, 3)) {
      assertThat(follower.feLog())
          .as("each follower dropped its connection to the master again and again")
          .containsPattern("(?s)(has not answered for 1 ms.*){3}")
          .as("and, since a quorum kept re-electing it, waited longer before each next drop")
          .contains("in a row of a master a quorum keeps re-electing");
    }
    for (FeProcess fe : all) {
      List<String> masters =
          query(fe, "SHOW FRONTENDS").stream()
              .filter(r -> r.get(8).equals("true"))
              .map(r -> r.get(3))
              .toList();
      // A follower may be between a drop and its reconnect and name no master for a moment; it
      // must never name another.
      if (fe == master) {
        assertThat(masters)
            .as("the master seen by itself")
            .containsExactly(Integer.toString(master.editLogPort()));
      } else {
        assertThat(masters)
            .as("the master seen by " + fe.editLogPort())
            .isSubsetOf(Integer.toString(master.editLogPort()));
      }
    }
    assertThat(master.feLog())
        .as("the master never stepped down")
        .doesNotContain("lost mastership");
    System.out.println(
        "ClusterIT: " + written + " writes acknowledged in 10 s while both followers doubted");
    assertThat(written).as("writes acknowledged in 10 s").isGreaterThan(10);
  }

  @Test
  void aHungMasterIsReplacedAndFollowsTheNewMasterWhenItWakesWithoutExiting() throws Exception {
    List<FeProcess> all = cluster(2, 0);
    FeProcess master = all.get(0);
    exec(master, "CREATE DATABASE hung");
    master.sigstop();
    long stopped = System.nanoTime();
    FeProcess[] newMaster = new FeProcess[1];
    try {
      await(
          "a new master",
          Duration.ofSeconds(30),
          () -> {
            for (FeProcess fe : all.subList(1, 3)) {
              try {
                exec(fe, "CREATE TABLE hung.t" + System.nanoTime() % 100000 + " (k INT)");
                newMaster[0] = fe;
                return true;
              } catch (SQLException notYet) {
                // no master yet
              }
            }
            return false;
          });
    } finally {
      master.sigcont();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(15));
    // The write may have gone through a follower, which forwards it: the new master is the FE that
    // SHOW FRONTENDS marks, and it must be the one still marked at the end (no second change).
    String elected =
        query(newMaster[0], "SHOW FRONTENDS").stream()
            .filter(r -> r.get(8).equals("true"))
            .map(r -> r.get(3))
            .findFirst()
            .orElseThrow();
    newMaster[0] =
        all.stream()
            .filter(fe -> Integer.toString(fe.editLogPort()).equals(elected))
            .findFirst()
            .orElseThrow();
    assertThat(newMaster[0]).as("the new master").isNotSameAs(master);
    await(
        "the former master to step down",
        Duration.ofSeconds(15),
        () -> master.feLog().contains("transfer from MASTER to"));
    assertThat(master.feLog()).contains("this FE lost mastership").doesNotContain("FE must stop");
    // A write sent to the former master goes to the new one, and comes back to it through
    // replication.
    await(
        "a write through the former master",
        Duration.ofSeconds(15),
        () -> {
          try {
            exec(master, "CREATE TABLE IF NOT EXISTS hung.after_wake (k INT)");
            return true;
          } catch (SQLException notYet) {
            return false;
          }
        });
    awaitRows(
        "the write on the new master",
        newMaster[0],
        "SHOW TABLES FROM hung",
        rows -> rows.contains(List.of("after_wake")));
    awaitRows(
        "the write replayed on the former master",
        master,
        "SHOW TABLES FROM hung",
        rows -> rows.contains(List.of("after_wake")));
    List<List<String>> frontends = query(master, "SHOW FRONTENDS");
    List<String> masters =
        frontends.stream().filter(r -> r.get(8).equals("true")).map(r -> r.get(3)).toList();
    assertThat(masters)
        .as("EditLogPort of the FE that IsMaster, on the former master")
        .containsExactly(Integer.toString(newMaster[0].editLogPort()));
    assertThat(master.isAlive()).as("the former master keeps running").isTrue();
  }

  /**
   * StarRocks' own ports on distinct loopback addresses, joined with a plain --helper
   * host:edit_log_port.
   */
  @Test
  void identicalStarRocksPortsOnDistinctLoopbackAddresses() throws Exception {
    List<FeProcess> all = new ArrayList<>();
    for (int n = 2; n <= 4; n++) {
      all.add(
          newFe(
              Map.of(
                  "priority_networks",
                  "127.0.0." + n + "/32",
                  "http_port",
                  "8030",
                  "rpc_port",
                  "9020",
                  "query_port",
                  "9030",
                  "edit_log_port",
                  "9010")));
    }
    FeProcess master = all.get(0).startOrFail();
    for (FeProcess fe : all.subList(1, 3)) {
      exec(master, "ALTER SYSTEM ADD FOLLOWER \"" + fe.host() + ":9010\"");
      fe.startOrFail("--helper", "127.0.0.2:9010");
    }
    exec(all.get(2), "CREATE DATABASE loopback");
    awaitRows(
        "heartbeats from every FE",
        all.get(0),
        "SHOW FRONTENDS",
        rows -> rows.stream().allMatch(r -> r.get(11).equals("true")));
    List<List<String>> frontends = query(all.get(0), "SHOW FRONTENDS");
    assertThat(frontends)
        .extracting(r -> r.get(1))
        .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
    assertThat(frontends).extracting(r -> r.get(3)).containsOnly("9010");
    assertThat(frontends).extracting(r -> r.get(4)).containsOnly("8030");
    assertThat(frontends).extracting(r -> r.get(5)).containsOnly("9030");
    assertThat(query(all.get(1), "SHOW DATABASES LIKE 'loopback'")).hasSize(1);
  }
}
