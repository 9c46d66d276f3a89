package io.metafe.it;

import static io.metafe.it.ItSupport.await;
import static io.metafe.it.ItSupport.awaitRows;
import static io.metafe.it.ItSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's recovery runbook compares the image.N suffixes of stopped FEs, so every FE
 * (master, follower, observer) must hold a current image: after ALTER SYSTEM CREATE IMAGE on any of
 * them, after a quiet while, and after a graceful stop. Three FOLLOWERs and one OBSERVER on
 * 127.0.0.1.
 */
class ImagesEverywhereIT {
  private final ItCluster fes = new ItCluster();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stopAll() {
    fes.close();
  }

  private FeProcess newFe(Map<String, String> conf) {
    return fes.newFe(conf);
  }

  private FeProcess join(FeProcess master, Map<String, String> conf, String role) throws Exception {
    return ItCluster.join(master, role, newFe(conf));
  }

  private static String name(FeProcess fe) {
    return fe.roleFile().getProperty("name");
  }

  /** The journal id the FE has replayed, from its /api/checksum. */
  private long replayedId(FeProcess fe) throws Exception {
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
    return json.readTree(r.body()).get("journalId").asLong();
  }

  private boolean replayedAtLeast(FeProcess fe, long id) {
    try {
      return replayedId(fe) >= id;
    } catch (Exception e) {
      return false;
    }
  }

  private static void insertRows(FeProcess fe, int from, int statements) throws Exception {
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement()) {
      for (int k = from; k < from + statements; k++) {
        s.executeUpdate("INSERT INTO db.t VALUES (" + k + ")");
      }
    }
  }

  @Test
  void createImageOnAFollowerRightAfterAnAddReachesEveryFeAndNamesEachOne() throws Exception {
    // Neither trigger of their own writes an image here: only the statement can.
    Map<String, String> conf = Map.of("checkpoint_interval_second", "0");
    FeProcess master = newFe(conf).startOrFail();
    FeProcess follower = join(master, conf, "FOLLOWER");
    FeProcess follower2 = join(master, conf, "FOLLOWER");
    exec(master, "CREATE DATABASE db", "CREATE TABLE db.t (k INT NOT NULL) DUPLICATE KEY(k)");
    insertRows(master, 0, 40);
    FeProcess observer = join(master, conf, "OBSERVER");
    List<FeProcess> all = List.of(master, follower, follower2, observer);

    long masterId = replayedId(master);
    await(
        "the follower replays the master's journal id " + masterId,
        Duration.ofSeconds(10),
        () -> replayedAtLeast(follower, masterId));
    long started = System.nanoTime();
    FeProcess.Result created = follower.mysqlCli("ALTER SYSTEM CREATE IMAGE", "-vv");
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "ALTER SYSTEM CREATE IMAGE on a follower at journal id >= %d reached %d FEs in %d ms:%n%s%n",
        masterId, all.size(), millis, created.stdout());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    for (FeProcess fe : all) {
      assertThat(ImagesIT.newestImage(fe))
          .as("newest image on " + name(fe))
          .isGreaterThanOrEqualTo(masterId);
      assertThat(created.stdout())
          .as("the outcome of " + name(fe))
          .containsPattern(name(fe) + ": image\\.\\d+");
    }
    assertThat(millis).as("CREATE IMAGE on four FEs").isLessThan(15_000);

    // A dead FE is not asked, and the statement says so; so is one added but never started, whose
    // HTTP port no heartbeat ever told: the guess (this FE's own http_port) reaches this very FE,
    // which refuses to stand in. Alive=false in SHOW FRONTENDS also means "never heard of", so
    // first see the observer alive on the follower.
    awaitRows(
        "the observer seen alive",
        follower,
        "SHOW FRONTENDS",
        rows ->
            rows.stream()
                .anyMatch(r -> r.get(0).equals(name(observer)) && r.get(11).equals("true")));
    observer.kill9();
    int neverStarted = FeProcess.freePort();
    exec(master, "ALTER SYSTEM ADD OBSERVER \"127.0.0.1:" + neverStarted + "\"");
    awaitRows(
        "the observer seen dead",
        follower,
        "SHOW FRONTENDS",
        rows ->
            rows.stream()
                .anyMatch(r -> r.get(0).equals(name(observer)) && r.get(11).equals("false")));
    String absent =
        ItSupport.query(follower, "SHOW FRONTENDS").stream()
            .filter(r -> r.get(3).equals(Integer.toString(neverStarted)))
            .findFirst()
            .orElseThrow()
            .get(0);
    insertRows(master, 100, 1);
    FeProcess.Result again = follower.mysqlCli("ALTER SYSTEM CREATE IMAGE", "-vv");
    System.out.println(again.stdout());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.stdout())
        .contains(
            name(observer) + ": not alive (no heartbeat for ",
            absent
                + ": not alive (no heartbeat yet; its HTTP port is unknown and 127.0.0.1:"
                + follower.httpPort()
                + " answers as another FE");
    long after = replayedId(master);
    for (FeProcess fe : List.of(master, follower, follower2)) {
      assertThat(again.stdout()).contains(name(fe) + ": image.");
      assertThat(ImagesIT.newestImage(fe))
          .as("newest image on " + name(fe))
          .isGreaterThanOrEqualTo(after);
    }
  }

  @Test
  void everyFeWritesImagesOnATimerAndALastOneWhenStopped() throws Exception {
    Map<String, String> conf = Map.of("checkpoint_interval_second", "2");
    FeProcess master = newFe(conf).startOrFail();
    List<FeProcess> all = new ArrayList<>(List.of(master));
    all.add(join(master, conf, "FOLLOWER"));
    all.add(join(master, conf, "FOLLOWER"));
    all.add(join(master, conf, "OBSERVER"));
    exec(master, "CREATE DATABASE db", "CREATE TABLE db.t (k INT NOT NULL) DUPLICATE KEY(k)");
    insertRows(master, 0, 10);
    long written = replayedId(master);
    long started = System.nanoTime();
    for (FeProcess fe : all) {
      await(
          "an image of journal id " + written + " on " + name(fe) + " from the time trigger",
          Duration.ofSeconds(10),
          () -> ImagesIT.newestImage(fe) >= written);
    }
    System.out.printf(
        "time trigger (2 s): image.%d on all %d FEs within %d ms of the last write%n",
        written, all.size(), (System.nanoTime() - started) / 1_000_000);
    // The timer wrote them: "no image yet" on an FE that joined after the last write, "N s old" on
    // the others.
    for (FeProcess fe : all) {
      assertThat(fe.feLog())
          .containsPattern(
              "checkpoint finished save image\\.\\d+ \\((no image yet|[^)]* s old);"
                  + " checkpoint_interval_second 2");
    }

    // With the timer off, only the stop can bring the images up to the last write.
    for (FeProcess fe : all) {
      exec(fe, "ADMIN SET FRONTEND CONFIG (\"checkpoint_interval_second\" = \"0\")");
    }
    insertRows(master, 100, 5);
    long last = replayedId(master);
    for (FeProcess fe : all) {
      await(
          "journal id " + last + " replayed on " + name(fe),
          Duration.ofSeconds(10),
          () -> replayedAtLeast(fe, last));
    }
    // Non-masters first and the master last: no election, so no FE's journal moves on while the
    // others stop.
    for (FeProcess fe : List.of(all.get(3), all.get(2), all.get(1), master)) {
      FeProcess.Result stopped = fe.stop();
      assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
    }
    for (FeProcess fe : all) {
      assertThat(ImagesIT.newestImage(fe))
          .as("newest image on stopped " + name(fe))
          .isEqualTo(last);
      assertThat(fe.feLog()).contains("checkpoint finished save image." + last + " (at shutdown; ");
    }
  }
}
