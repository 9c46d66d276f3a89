package io.metafe.it;

import static io.metafe.it.ItSupport.awaitRows;
import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documented metadata recovery procedure, driven as an operator would: stop everything, back
 * up, compare image suffixes, cat ROLE, edit fe.conf (and ROLE), run the scripts, and check with
 * the mysql CLI.
 */
class RecoveryIT {
  /**
   * Small journal segments so that every FE has image.N files to compare, as the procedure expects.
   */
  private static final Map<String, String> CONF = Map.of("edit_log_roll_num", "20");

  private final List<FeProcess> fes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    fes.forEach(FeProcess::close);
  }

  private FeProcess newFe() {
    FeProcess fe = FeProcess.create(CONF);
    fes.add(fe);
    return fe;
  }

  private static String helper(FeProcess master) {
    return master.helperAddress() + ":" + master.httpPort();
  }

  /** 3 followers (the first is master) and 1 observer, loaded with a database, a table and rows. */
  private List<FeProcess> loadedCluster() throws Exception {
    FeProcess master = newFe().startOrFail();
    List<FeProcess> all = new ArrayList<>(List.of(master));
    for (String role : List.of("FOLLOWER", "FOLLOWER", "OBSERVER")) {
      FeProcess fe = newFe();
      exec(master, "ALTER SYSTEM ADD " + role + " \"" + fe.helperAddress() + "\"");
      fe.startOrFail("--helper", helper(master));
      all.add(fe);
    }
    exec(
        master,
        "CREATE DATABASE shop",
        "CREATE TABLE shop.orders (id INT NOT NULL, item VARCHAR(20)) DUPLICATE KEY(id)");
    for (int i = 1; i <= 60; i++) {
      exec(master, "INSERT INTO shop.orders VALUES (" + i + ", 'item" + i + "')");
    }
    for (FeProcess fe : all) {
      awaitRows(
          "rows replicated",
          fe,
          "SELECT COUNT(*) FROM shop.orders",
          r -> r.equals(List.of(List.of("60"))));
    }
    exec(master, "ALTER SYSTEM CREATE IMAGE");
    return all;
  }

  private static void stopAll(List<FeProcess> all) {
    for (FeProcess fe : all) {
      assertThat(fe.stop().exitCode()).isZero();
    }
  }

  private static long newestImageSuffix(FeProcess fe) throws Exception {
    try (Stream<Path> files = Files.list(fe.metaDir().resolve("image"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("image\\.\\d+"))
          .mapToLong(n -> Long.parseLong(n.substring(6)))
          .max()
          .orElse(0);
    }
  }

  /**
   * Step 2: back up every meta_dir, then pick the largest image suffix, preferring a FOLLOWER on a
   * tie.
   */
  private static FeProcess chooseNewest(List<FeProcess> all, String preferredRole)
      throws Exception {
    for (FeProcess fe : all) {
      copyTree(fe.metaDir(), fe.root().resolve("meta-backup"));
    }
    return all.stream()
        .max(
            Comparator.<FeProcess>comparingLong(
                    fe -> {
                      try {
                        return newestImageSuffix(fe);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .thenComparing(fe -> fe.roleFile().getProperty("role").equals(preferredRole)))
        .orElseThrow();
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
  }

  private static void appendToConf(FeProcess fe, String line) throws Exception {
    Files.writeString(
        fe.confFile(), "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static List<List<String>> frontends(FeProcess fe) throws Exception {
    return query(fe, "SHOW FRONTENDS");
  }

  /** Queries and loads through the mysql CLI, as step 3.4 asks. */
  private static void checkQueriesAndLoads(FeProcess fe, String table) {
    FeProcess.Result r =
        fe.mysqlCli(
            "CREATE TABLE shop."
                + table
                + " (k INT NOT NULL) DUPLICATE KEY(k);"
                + " INSERT INTO shop."
                + table
                + " VALUES (1), (2); SELECT COUNT(*) FROM shop.orders;"
                + " SELECT SUM(k) FROM shop."
                + table);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("60").contains("3");
  }

  /** Step 4: drop every other FE and add it back as a brand-new FE (empty meta_dir, --helper). */
  private void rebuild(FeProcess master, List<FeProcess> old) throws Exception {
    Map<FeProcess, String> roles = new HashMap<>();
    for (FeProcess fe : old) {
      String role = fe.roleFile().getProperty("role");
      roles.put(fe, role);
      FeProcess.Result dropped =
          master.mysqlCli("ALTER SYSTEM DROP " + role + " \"" + fe.helperAddress() + "\"");
      assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
    }
    for (FeProcess fe : old) {
      deleteTree(fe.metaDir());
      exec(master, "ALTER SYSTEM ADD " + roles.get(fe) + " \"" + fe.helperAddress() + "\"");
      fe.startOrFail("--helper", helper(master));
    }
  }

  static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  private static void assertWhole(List<FeProcess> all, int rows) throws Exception {
    for (FeProcess fe : all) {
      awaitRows(
          "every FE alive",
          fe,
          "SHOW FRONTENDS",
          r -> r.size() == all.size() && r.stream().allMatch(row -> row.get(11).equals("true")));
      awaitRows(
          "every write",
          fe,
          "SELECT COUNT(*) FROM shop.orders",
          r -> r.equals(List.of(List.of("" + rows))));
    }
  }

  @Test
  void theDocumentedProcedureFromAFollower() throws Exception {
    List<FeProcess> all = loadedCluster();
    stopAll(all);
    FeProcess chosen = chooseNewest(all, "FOLLOWER");
    assertThat(chosen.roleFile().getProperty("role")).isEqualTo("FOLLOWER");

    appendToConf(chosen, "metadata_failure_recovery=true");
    chosen.startOrFail();
    assertThat(chosen.feLog()).containsPattern("transfer from \\w+ to MASTER");
    assertThat(chosen.feLog()).contains("backed up meta_dir");
    checkQueriesAndLoads(chosen, "after_recovery");
    List<List<String>> listed = frontends(chosen);
    assertThat(listed).as("every FE the cluster had").hasSize(4);
    assertThat(listed)
        .filteredOn(r -> r.get(8).equals("true"))
        .singleElement()
        .satisfies(r -> assertThat(r.get(0)).isEqualTo(chosen.roleFile().getProperty("name")));

    chosen.configure(
        java.util.Collections.singletonMap(
            "metadata_failure_recovery", null)); // step 3.6: remove the flag, restart
    assertThat(chosen.stop().exitCode()).isZero();
    chosen.startOrFail();
    assertThat(chosen.mysqlCli("SHOW FRONTENDS").stdout()).contains("true");
    assertThat(query(chosen, "SHOW PROC '/frontends'"))
        .filteredOn(r -> r.get(8).equals("true"))
        .hasSize(1);

    List<FeProcess> others = new ArrayList<>(all);
    others.remove(chosen);
    rebuild(chosen, others);
    exec(chosen, "INSERT INTO shop.orders VALUES (61, 'after')");
    assertWhole(all, 61);
  }

  @Test
  void theDocumentedProcedureFromAnObserverNeedsNoExtraSteps() throws Exception {
    List<FeProcess> all = loadedCluster();
    stopAll(all);
    FeProcess observer = all.get(3);
    assertThat(observer.roleFile().getProperty("role")).isEqualTo("OBSERVER");
    Path role = observer.metaDir().resolve("image/ROLE");

    appendToConf(observer, "metadata_failure_recovery=true");
    FeProcess.Result refused = observer.start();
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("says role=OBSERVER", "change it to role=FOLLOWER");

    Files.writeString(role, Files.readString(role).replace("role=OBSERVER", "role=FOLLOWER"));
    observer.startOrFail();
    assertThat(observer.feLog()).containsPattern("transfer from \\w+ to MASTER");
    // Recorded as a FOLLOWER in the metadata too: no OBSERVER that is master, loads and DDL work at
    // once.
    assertThat(frontends(observer))
        .filteredOn(r -> r.get(8).equals("true"))
        .singleElement()
        .satisfies(r -> assertThat(r.get(7)).as("Role").isEqualTo("FOLLOWER"));
    checkQueriesAndLoads(observer, "from_observer");

    observer.configure(java.util.Collections.singletonMap("metadata_failure_recovery", null));
    assertThat(observer.stop().exitCode()).isZero();
    observer.startOrFail();
    // The documented follow-up (drop the others, add and join a fresh follower, recover again from
    // that follower) is unnecessary but stays harmless.
    rebuild(observer, all.subList(0, 3));
    exec(observer, "INSERT INTO shop.orders VALUES (61, 'after')");
    assertWhole(all, 61);
    stopAll(all);
    FeProcess fresh = all.get(1);
    appendToConf(fresh, "metadata_failure_recovery=true");
    fresh.startOrFail();
    assertThat(fresh.feLog()).containsPattern("transfer from \\w+ to MASTER");
    assertThat(query(fresh, "SELECT COUNT(*) FROM shop.orders")).containsExactly(List.of("61"));
  }

  @Test
  void aliasOneShotLeftOnFlagSplitBrainGuardStaleFencingAndBackups() throws Exception {
    List<FeProcess> all = loadedCluster();
    stopAll(all);
    FeProcess master = all.get(0);
    appendToConf(master, "bdbje_reset_election_group=true");
    master.startOrFail();
    assertThat(master.feLog()).containsPattern("transfer from \\w+ to MASTER");
    Path backup;
    try (Stream<Path> siblings = Files.list(master.metaDir().getParent())) {
      backup =
          siblings
              .filter(p -> p.getFileName().toString().startsWith("meta.recovery-backup-"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(backup.resolve("image/ROLE")).exists();
    assertThat(master.feLog()).contains("backed up meta_dir", backup.getFileName().toString());

    // Split-brain guard: a live master answers, so a one-shot reset elsewhere is refused and
    // changes nothing.
    FeProcess follower = all.get(1);
    FeProcess.Result guarded = follower.start("--metadata_failure_recovery");
    assertThat(guarded.exitCode()).isNotZero();
    assertThat(guarded.output()).contains("answers as MASTER of this cluster", "--force_recovery");
    try (Stream<Path> siblings = Files.list(follower.metaDir().getParent())) {
      assertThat(siblings.noneMatch(p -> p.getFileName().toString().contains("recovery-backup")))
          .isTrue();
    }

    // A stale FE restarted with its pre-recovery meta_dir stops with one line and does not disturb
    // the master.
    FeProcess stale = all.get(2);
    FeProcess.Result fenced = stale.start();
    assertThat(fenced.exitCode()).isNotZero();
    assertThat(fenced.output())
        .contains(
            "belongs to the replication group from before a metadata failure" + " recovery",
            "--helper " + master.helperAddress());
    exec(master, "INSERT INTO shop.orders VALUES (61, 'still writable')");

    // The explicit override resets anyway (here, on purpose, a second group with its own master).
    FeProcess forced = stale;
    forced.startOrFail("--metadata_failure_recovery", "--force_recovery", "--no_recovery_backup");
    assertThat(forced.feLog())
        .contains("--force_recovery: resetting although", "TWO masters", "is not backed up");
    assertThat(forced.stop().exitCode()).isZero();

    rebuild(master, all.subList(1, 4));
    assertWhole(all, 61);

    // The flag left on: the restart does not reset again, says so, and the rejoined FEs keep
    // working.
    assertThat(master.stop().exitCode()).isZero();
    master.startOrFail();
    assertThat(master.feLog())
        .contains("already reset the replication group", "Remove bdbje_reset_election_group");
    exec(master, "INSERT INTO shop.orders VALUES (62, 'flag left on')");
    assertWhole(all, 62);
    master.configure(java.util.Collections.singletonMap("bdbje_reset_election_group", null));
    assertThat(master.stop().exitCode()).isZero();
    master.startOrFail();
    assertThat(master.feLog()).contains("metadata failure recovery is off again");
    assertWhole(all, 62);
  }

  @Test
  void aStaleFeThatCannotAskTheMasterStillCannotStopItsWrites() throws Exception {
    List<FeProcess> all = loadedCluster();
    stopAll(all);
    FeProcess master = all.get(0);
    // After the recovery the master listens on another http_port, so the old FEs cannot ask it
    // before they open bdbje; only the bdbje handshake and the master's membership reconciliation
    // stand in their way.
    master.configure(Map.of("http_port", Integer.toString(FeProcess.freePort())));
    master.startOrFail("--metadata_failure_recovery");
    FeProcess stale = all.get(1);
    FeProcess.Result r = stale.start();
    String staleLog = stale.feLog();
    for (int i = 62; i < 72; i++) {
      exec(master, "INSERT INTO shop.orders VALUES (" + i + ", 'stale FE knocks')");
    }
    assertThat(query(master, "SELECT COUNT(*) FROM shop.orders")).containsExactly(List.of("70"));
    assertThat(r.exitCode()).as(r + staleLog).isNotZero();
    assertThat(r.output()).contains("replication group");
  }

  /**
   * The guided path: meta_tool recommends the FE with the longest journal, a one-shot start
   * recovers it.
   */
  @Test
  void theGuidedPathWithMetaToolAndTheOneShotOption() throws Exception {
    List<FeProcess> all = loadedCluster();
    // One follower stops early and misses the last writes: it must not be recommended.
    FeProcess behind = all.get(2);
    assertThat(behind.stop().exitCode()).isZero();
    exec(all.get(0), "INSERT INTO shop.orders VALUES (61, 'late')");
    stopAll(List.of(all.get(0), all.get(1), all.get(3)));

    List<String> cmd =
        new ArrayList<>(
            List.of("sh", all.get(0).home().resolve("bin/meta_tool.sh").toString(), "inspect"));
    for (FeProcess fe : all) {
      cmd.add(fe.metaDir().toString());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("recommendation: recover from");
    String recommended =
        out.substring(out.indexOf("recommendation: recover from ") + 29).split("[ (]")[0];
    FeProcess chosen =
        all.stream()
            .filter(fe -> fe.metaDir().toString().equals(recommended))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out));
    assertThat(chosen).isNotSameAs(behind);
    assertThat(chosen.roleFile().getProperty("role")).isEqualTo("FOLLOWER");
    assertThat(out)
        .as("what recovering elsewhere would lose is listed")
        .contains(behind.metaDir().toString());

    chosen.startOrFail("--metadata_failure_recovery");
    assertThat(query(chosen, "SELECT COUNT(*) FROM shop.orders")).containsExactly(List.of("61"));
    assertThat(chosen.stop().exitCode()).isZero();
    chosen.startOrFail();
    assertThat(chosen.feLog()).doesNotContain("already reset the replication group");
    List<FeProcess> others = new ArrayList<>(all);
    others.remove(chosen);
    rebuild(chosen, others);
    assertWhole(all, 61);
  }
}
