package io.metafe.it;

import static io.metafe.it.ItSupport.awaitRows;
import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 2: no path through metadata failure recovery makes a second master. The guard
 * finds the other FEs from the meta_dir itself (journal, bdbje group), not from an image, and asks
 * them on both ports.
 */
class SplitBrainIT {
  /**
   * No timed images: the guard must find the other FEs in the journal, as for an FE that holds no
   * image.
   */
  private static final Map<String, String> CONF = Map.of("checkpoint_interval_second", "0");

  private final ItCluster fes = new ItCluster();

  @AfterEach
  void stopAll() {
    fes.close();
  }

  /** A master and FEs of the given roles, all joined, with a table of {@code rows} rows. */
  private List<FeProcess> cluster(List<String> roles, int rows) throws Exception {
    List<FeProcess> all = fes.start(CONF, roles.toArray(String[]::new));
    FeProcess master = all.get(0);
    exec(
        master,
        "CREATE DATABASE shop",
        "CREATE TABLE shop.orders (id INT NOT NULL) DUPLICATE KEY(id)");
    for (int i = 1; i <= rows; i++) {
      exec(master, "INSERT INTO shop.orders VALUES (" + i + ")");
    }
    for (FeProcess fe : all) {
      awaitRows(
          "rows replicated",
          fe,
          "SELECT COUNT(*) FROM shop.orders",
          r -> r.equals(List.of(List.of("" + rows))));
    }
    return all;
  }

  private static List<String> images(FeProcess fe) throws Exception {
    try (Stream<Path> files = Files.list(fe.metaDir().resolve("image"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("image."))
          .toList();
    }
  }

  private static boolean hasBackup(FeProcess fe) throws Exception {
    try (Stream<Path> siblings = Files.list(fe.metaDir().getParent())) {
      return siblings.anyMatch(p -> p.getFileName().toString().contains("recovery-backup"));
    }
  }

  /** Names of the FEs that SHOW FRONTENDS on {@code fe} marks IsMaster. */
  private static List<String> masters(FeProcess fe) throws Exception {
    return query(fe, "SHOW FRONTENDS").stream()
        .filter(r -> r.get(8).equals("true"))
        .map(r -> r.get(0))
        .toList();
  }

  @Test
  void aSecondRecoveryWhileTheFirstRecoveredMasterRunsIsRefusedWithoutAnImage() throws Exception {
    List<FeProcess> all = cluster(List.of("FOLLOWER", "FOLLOWER", "OBSERVER"), 50);
    // Killed, not stopped: a graceful stop writes a final image, and this must work from the
    // journal alone.
    for (FeProcess fe : all) {
      fe.kill9();
    }
    FeProcess first = all.get(1);
    FeProcess second = all.get(2);
    String firstName = first.roleFile().getProperty("name");
    assertThat(images(second)).as("no image lists the other FEs").isEmpty();

    // The first recovered master also moves its http_port, so only bdbje's answer on edit_log_port
    // reveals it.
    first.configure(Map.of("http_port", Integer.toString(FeProcess.freePort())));
    FeProcess.Result recovered = first.start("--metadata_failure_recovery");
    assertThat(recovered.stdout())
        .as(recovered.toString())
        .contains("MetaFE started:", "is MASTER");

    FeProcess.Result refused = second.start("--metadata_failure_recovery");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.output())
        .contains(
            "--metadata_failure_recovery refused, nothing was changed",
            "replication group whose master is " + firstName,
            "--helper " + first.helperAddress(),
            "--force_recovery")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(second.isAlive()).isFalse();
    assertThat(hasBackup(second)).as("refused before the backup").isFalse();
    assertThat(second.feLog())
        .contains("this meta_dir knows 3 other FE(s)")
        .contains("from journal");

    // The same through fe.conf, with the master's HTTP port known this time (the first FE's
    // recorded one is stale, so the journal's list is combined with bdbje's answer either way).
    second.configure(Map.of("metadata_failure_recovery", "true"));
    FeProcess.Result refusedAgain = second.start();
    assertThat(refusedAgain.exitCode()).isEqualTo(1);
    assertThat(refusedAgain.output()).contains("metadata_failure_recovery=true refused", firstName);
    assertThat(masters(first)).containsExactly(firstName);
    exec(first, "INSERT INTO shop.orders VALUES (51)");
    assertThat(query(first, "SELECT COUNT(*) FROM shop.orders")).containsExactly(List.of("51"));
  }

  @Test
  void aFollowerOfAHealthyClusterRestartedWithTheFlagIsRefusedAndRejoinsWithoutIt()
      throws Exception {
    List<FeProcess> all = cluster(List.of("FOLLOWER", "FOLLOWER"), 20);
    FeProcess master = all.get(0);
    FeProcess follower = all.get(2);
    String masterName = master.roleFile().getProperty("name");
    assertThat(follower.stop().exitCode()).isZero();

    FeProcess.Result refused = follower.start("--metadata_failure_recovery");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.output())
        .contains(
            "refused, nothing was changed",
            masterName,
            "answers as MASTER of this"
                + " cluster (HTTP "
                + master.host()
                + ":"
                + master.httpPort()
                + ")",
            "start this FE without");
    assertThat(hasBackup(follower)).isFalse();

    follower.configure(Collections.singletonMap("metadata_failure_recovery", null));
    follower.startOrFail();
    // Right after its start, before any heartbeat, the metadata already holds every FE's ports.
    assertThat(query(follower, "SHOW FRONTENDS"))
        .allSatisfy(
            row ->
                assertThat(row.subList(4, 7))
                    .as("HttpPort, QueryPort, RpcPort of " + row.get(0))
                    .doesNotContain("0"));
    exec(master, "INSERT INTO shop.orders VALUES (21)");
    for (FeProcess fe : all) {
      awaitRows(
          "one master everywhere",
          fe,
          "SHOW FRONTENDS",
          r ->
              r.stream()
                  .filter(row -> row.get(8).equals("true"))
                  .map(row -> row.get(0))
                  .toList()
                  .equals(List.of(masterName)));
      awaitRows(
          "the write",
          fe,
          "SELECT COUNT(*) FROM shop.orders",
          r -> r.equals(List.of(List.of("21"))));
    }
  }
}
