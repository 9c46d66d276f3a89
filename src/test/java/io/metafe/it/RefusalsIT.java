package io.metafe.it;

import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 5: where an operator is stuck, one line names the cause and the fix, and
 * start_fe.sh prints no stack trace.
 */
class RefusalsIT {
  private final ItCluster fes = new ItCluster();

  @AfterEach
  void stopAll() {
    fes.close();
  }

  private FeProcess newFe(Map<String, String> conf) {
    return fes.newFe(conf);
  }

  private static void assertOneLineRefusal(FeProcess.Result r, String... parts) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.output())
        .contains(parts)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("com.sleepycat");
    assertThat(r.output().lines().filter(l -> l.startsWith("MetaFE failed to start:"))).hasSize(1);
  }

  @Test
  void aDroppedFollowerRestartedOnItsOldMetaDirSaysItWasDropped() throws Exception {
    List<FeProcess> two = fes.start(Map.of(), "FOLLOWER");
    FeProcess master = two.get(0);
    FeProcess dropped = two.get(1);
    String name = dropped.roleFile().getProperty("name");
    long pid = dropped.pid();
    FeProcess.Result drop =
        master.mysqlCli("ALTER SYSTEM DROP FOLLOWER \"" + dropped.helperAddress() + "\"");
    assertThat(drop.exitCode()).as(drop.toString()).isZero();
    FeProcess.waitUntilDead(pid, Duration.ofSeconds(30));

    // The master answers, and says it no longer lists this FE.
    FeProcess.Result asked = dropped.start();
    assertOneLineRefusal(
        asked,
        "this FE (" + name + ") was dropped from the cluster with ALTER SYSTEM DROP",
        "ALTER SYSTEM ADD FOLLOWER|OBSERVER \"" + dropped.helperAddress() + "\"",
        "back up and empty " + dropped.metaDir(),
        "--helper " + master.helperAddress());

    // The master moved its http_port, so the dropped FE cannot ask it; bdbje's refusal says the
    // same in one line.
    assertThat(master.stop().exitCode()).isZero();
    master.configure(Map.of("http_port", Integer.toString(FeProcess.freePort())));
    master.startOrFail();
    FeProcess.Result refusedByBdbje = dropped.start();
    assertOneLineRefusal(
        refusedByBdbje,
        "this FE (" + name + ") was dropped from the cluster",
        "empty " + dropped.metaDir(),
        "ALTER SYSTEM ADD");
    exec(master, "CREATE DATABASE still_writable");
  }

  @Test
  void anUnreachableHelperStopsANewFeAfterThirtySecondsButNotOneWithMetadata() throws Exception {
    FeProcess fresh = newFe(Map.of());
    long started = System.nanoTime();
    FeProcess.Result r = fresh.start("--helper", "no-such-host.invalid:9010");
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "RefusalsIT: a new FE gave up on an unresolvable helper after %.1f s%n", seconds);
    assertOneLineRefusal(
        r,
        "cannot reach helper no-such-host.invalid:" + fresh.httpPort() + " (HTTP) for 30 s",
        "its host name no-such-host.invalid does not resolve",
        "check --helper");
    assertThat(seconds).isBetween(25.0, 59.0);
    assertThat(fresh.metaDir().resolve("image/ROLE")).doesNotExist();

    // An FE with metadata of its own does not need the helper: it warns and starts.
    FeProcess member = newFe(Map.of()).startOrFail();
    assertThat(member.stop().exitCode()).isZero();
    FeProcess.Result again = member.start("--helper", "no-such-host.invalid:9010");
    assertThat(again.stdout()).as(again.toString()).contains("MetaFE started:");
    assertThat(member.warnLog()).contains("cannot reach helper no-such-host.invalid");
  }

  @Test
  void aMetaDirInUseOrOfAnotherFeIsNamedForWhatItIs() throws Exception {
    FeProcess owner = newFe(Map.of()).startOrFail();
    exec(owner, "CREATE DATABASE precious");
    FeProcess intruder = newFe(Map.of("meta_dir", owner.metaDir().toString()));

    FeProcess.Result inUse = intruder.start();
    assertOneLineRefusal(
        inUse,
        "meta_dir " + owner.metaDir() + " is in use by another FE (process " + owner.pid(),
        "FE home " + owner.home(),
        "give this FE its own meta_dir");

    assertThat(owner.stop().exitCode()).isZero();
    FeProcess.Result notItsOwn = intruder.start();
    assertOneLineRefusal(
        notItsOwn,
        "meta_dir "
            + owner.metaDir()
            + " belongs to another FE, node "
            + owner.roleFile().getProperty("name"),
        "but this FE is " + intruder.helperAddress(),
        "give this FE its own meta_dir");

    owner.startOrFail();
    assertThat(query(owner, "SHOW DATABASES")).contains(List.of("precious"));
  }

  @Test
  void alterSystemAddRefusesAHostThatDoesNotResolveAndAnFeThatExists() throws Exception {
    FeProcess fe = newFe(Map.of()).startOrFail();
    FeProcess.Result unknown =
        fe.mysqlCli("ALTER SYSTEM ADD FOLLOWER \"no-such-host.invalid:9010\"");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.stderr())
        .contains("ERROR 1105", "Unknown host 'no-such-host.invalid': it does not resolve");

    int port = FeProcess.freePort();
    assertThat(fe.mysqlCli("ALTER SYSTEM ADD OBSERVER \"127.0.0.1:" + port + "\"").exitCode())
        .isZero();
    FeProcess.Result byName = fe.mysqlCli("ALTER SYSTEM ADD FOLLOWER \"localhost:" + port + "\"");
    assertThat(byName.stderr())
        .contains("frontend already exists 127.0.0.1:" + port, "as OBSERVER");
    FeProcess.Result self = fe.mysqlCli("ALTER SYSTEM ADD FOLLOWER \"" + fe.helperAddress() + "\"");
    assertThat(self.stderr()).contains("frontend already exists " + fe.helperAddress());
    assertThat(query(fe, "SHOW FRONTENDS")).hasSize(2);
  }
}
