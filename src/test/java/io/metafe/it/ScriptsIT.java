package io.metafe.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** bin/start_fe.sh and bin/stop_fe.sh against the real FE, one fresh home per test. */
class ScriptsIT {
  private final List<FeProcess> homes = new ArrayList<>();
  private final List<Process> others = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();

  private FeProcess home(Map<String, String> overrides) {
    FeProcess fe = FeProcess.create(overrides);
    homes.add(fe);
    return fe;
  }

  private FeProcess home() {
    return home(Map.of());
  }

  @AfterEach
  void cleanUp() {
    others.forEach(Process::destroyForcibly);
    homes.forEach(FeProcess::close);
  }

  private static void assertStarted(FeProcess fe, FeProcess.Result r) {
    assertThat(r.exitCode()).as("start_fe.sh: %s%n%s", r, fe.diagnostics()).isZero();
    assertThat(r.stdout()).as("start_fe.sh: %s", r).containsPattern("(?m)^MetaFE started:");
  }

  @Test
  void daemonStartWritesPidFileNamingTheLiveJava() {
    FeProcess fe = home();
    FeProcess.Result r = fe.start();
    assertStarted(fe, r);

    assertThat(fe.pidFile()).exists();
    long pid = fe.pid();
    assertThat(FeProcess.isLive(pid)).isTrue();
    List<String> cmd = FeProcess.cmdline(pid);
    assertThat(Path.of(cmd.get(0)).getFileName().toString()).isEqualTo("java");
    assertThat(cmd).contains(FeProcess.MAIN_CLASS, "-Dmetafe.home=" + fe.home());
    assertThat(fe.feOut()).containsPattern("(?m)^MetaFE started:");
  }

  @Test
  void secondStartRefusesWhileTheFirstRuns() {
    FeProcess fe = home();
    assertStarted(fe, fe.start());
    long pid = fe.pid();

    FeProcess.Result again = fe.start();

    assertThat(again.exitCode()).as("%s", again).isEqualTo(1);
    assertThat(again.output()).contains("Frontend running as process " + pid + ". Stop it first.");
    assertThat(fe.pid()).isEqualTo(pid);
    assertThat(FeProcess.isLive(pid)).isTrue();
  }

  @Test
  void stopEndsTheProcessGracefullyAndRemovesThePidFile() {
    FeProcess fe = home();
    assertStarted(fe, fe.start());
    long pid = fe.pid();

    FeProcess.Result stop = fe.stop();

    assertThat(stop.exitCode()).as("%s", stop).isZero();
    assertThat(stop.output()).as("%s", stop).doesNotContain("SIGKILL");
    assertThat(FeProcess.isLive(pid)).isFalse();
    assertThat(fe.pidFile()).doesNotExist();
    // Stopped cleanly means it can start again from the same meta_dir.
    assertStarted(fe, fe.start());
  }

  @Test
  void stopWithoutRunningFrontendSucceeds() {
    FeProcess fe = home();
    FeProcess.Result stop = fe.stop();
    assertThat(stop.exitCode()).as("%s", stop).isZero();
    assertThat(stop.output()).contains("not running");
  }

  @Test
  void stopSendsSigkillAfterStopTimeout() {
    FeProcess fe = home();
    assertStarted(fe, fe.start());
    long pid = fe.pid();
    // A stopped JVM cannot run its shutdown hook, so SIGTERM stays pending and only SIGKILL ends
    // it.
    fe.sigstop();
    fe.env("STOP_TIMEOUT_SECOND", "2");

    long t0 = System.nanoTime();
    FeProcess.Result stop = fe.stop();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

    assertThat(stop.exitCode()).as("%s", stop).isZero();
    assertThat(stop.output()).contains("did not stop within 2s; sending SIGKILL");
    assertThat(seconds).isBetween(2L, 20L);
    assertThat(FeProcess.isLive(pid)).isFalse();
    assertThat(fe.pidFile()).doesNotExist();
  }

  @Test
  void forceStopKillsAtOnce() {
    FeProcess fe = home();
    assertStarted(fe, fe.start());
    long pid = fe.pid();
    fe.sigstop();

    FeProcess.Result stop = fe.stop("--force");

    assertThat(stop.exitCode()).as("%s", stop).isZero();
    assertThat(stop.output()).contains("SIGKILL");
    assertThat(FeProcess.isLive(pid)).isFalse();
    assertThat(fe.pidFile()).doesNotExist();
  }

  @Test
  void foregroundModeRunsInThisProcessAndStopsOnSigterm() throws Exception {
    FeProcess fe = home();
    Process p = fe.startForeground();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith("MetaFE started:")) {
                    return line;
                  }
                }
                return null;
              } catch (IOException e) {
                return null;
              }
            });
    String line = started.get(120, TimeUnit.SECONDS);
    assertThat(line)
        .as(
            "stdout of start_fe.sh; stderr: %s",
            new String(
                p.getErrorStream().readNBytes(p.getErrorStream().available()),
                StandardCharsets.UTF_8))
        .startsWith("MetaFE started:");
    // exec keeps the shell's pid, so the pid file must name the very process we started.
    assertThat(fe.pid()).isEqualTo(p.pid());
    assertThat(FeProcess.cmdline(p.pid())).contains(FeProcess.MAIN_CLASS);
    // Foreground output goes to the terminal, not to fe.out.
    assertThat(fe.feOut()).doesNotContain("MetaFE started:");

    FeProcess.Result stop = fe.stop();

    assertThat(stop.exitCode()).as("%s", stop).isZero();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit status after SIGTERM (contract: 0)").isZero();
  }

  @Test
  void javaOptsFromFeConfReachTheJvm() {
    FeProcess fe =
        home(Map.of("JAVA_OPTS", "\"" + FeProcess.TEST_JAVA_OPTS + " -Dmetafe.test.marker=xyz\""));
    assertStarted(fe, fe.start());

    assertThat(FeProcess.cmdline(fe.pid())).contains("-Dmetafe.test.marker=xyz", "-Xmx256m");
  }

  @Test
  void javaOptsForJdk17WinOverJavaOpts() {
    FeProcess fe =
        home(
            Map.of(
                "JAVA_OPTS", FeProcess.TEST_JAVA_OPTS + " -Dmetafe.test.marker=generic",
                "JAVA_OPTS_FOR_JDK_17", FeProcess.TEST_JAVA_OPTS + " -Dmetafe.test.marker=jdk17"));
    assertStarted(fe, fe.start());

    List<String> cmd = FeProcess.cmdline(fe.pid());
    assertThat(cmd)
        .contains("-Dmetafe.test.marker=jdk17")
        .doesNotContain("-Dmetafe.test.marker=generic");
  }

  @Test
  void sysLogDirMovesAllLogs() {
    FeProcess fe = home();
    Path logs = fe.root().resolve("elsewhere/logs");
    fe.configure(Map.of("sys_log_dir", logs.toString()));

    assertStarted(fe, fe.start());
    fe.waitForLog("MetaFE started:", Duration.ofSeconds(30));

    assertThat(logs.resolve("fe.out")).isNotEmptyFile();
    assertThat(logs.resolve("fe.log")).isNotEmptyFile();
    assertThat(logs.resolve("fe.warn.log")).exists();
    assertThat(fe.home().resolve("log/fe.log")).doesNotExist();
    assertThat(fe.home().resolve("log/fe.out")).doesNotExist();
  }

  @Test
  void copiedHomeRunsIndependentlyAtTheSameTime() throws IOException {
    FeProcess first = home();
    assertStarted(first, first.start());
    FeProcess second = FeProcess.copyOf(first.home(), Map.of());
    homes.add(second);
    assertThat(second.queryPort()).isNotEqualTo(first.queryPort());

    assertStarted(second, second.start());

    assertThat(second.pid()).isNotEqualTo(first.pid());
    assertThat(FeProcess.cmdline(second.pid())).contains("-Dmetafe.home=" + second.home());
    assertThat(second.metaDir()).isDirectory();
    assertThat(second.home().resolve("log/fe.log")).isNotEmptyFile();
    assertThat(mysqlHandshakeVersion(first.queryPort())).isEqualTo(10);
    assertThat(mysqlHandshakeVersion(second.queryPort())).isEqualTo(10);

    long firstPid = first.pid();
    assertThat(first.stop().exitCode()).isZero();
    assertThat(FeProcess.isLive(firstPid)).isFalse();
    assertThat(second.isAlive()).as("the copy must survive stopping the original").isTrue();
    assertThat(mysqlHandshakeVersion(second.queryPort())).isEqualTo(10);
  }

  @Test
  void invalidConfigValueFailsWithTheCauseAndExitOne() {
    FeProcess fe = home(Map.of("query_port", "abc"));

    FeProcess.Result r = fe.start();

    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    String failure =
        r.output()
            .lines()
            .filter(l -> l.startsWith("MetaFE failed to start:"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no 'MetaFE failed to start:' line in\n" + r));
    assertThat(failure).contains("query_port").contains("abc");
    assertThat(fe.pidFile()).doesNotExist();
  }

  @Test
  void misspelledDeamonOptionStartsInTheBackground() {
    FeProcess fe = home();

    FeProcess.Result r = fe.startScript("--deamon");

    assertStarted(fe, r);
    assertThat(r.stdout()).contains("--deamon is read as --daemon");
    assertThat(fe.isAlive()).isTrue();
  }

  @Test
  void unknownOptionPrintsUsageAndExitsTwo() {
    FeProcess fe = home();

    FeProcess.Result r = fe.startScript("--daemon", "--no-such-option");

    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.stderr()).contains("Usage:");
    assertThat(fe.pidFile()).doesNotExist();
  }

  @Test
  void stalePidFileOfAnotherProcessIsRemovedAndThatProcessLeftAlone() throws IOException {
    FeProcess fe = home();
    Process sleeper = new ProcessBuilder("sleep", "300").start();
    others.add(sleeper);
    Files.writeString(fe.pidFile(), sleeper.pid() + "\n");

    FeProcess.Result stop = fe.stop();
    assertThat(stop.exitCode()).as("%s", stop).isZero();
    assertThat(stop.output()).contains("not a MetaFE frontend");
    assertThat(sleeper.isAlive()).isTrue();
    assertThat(fe.pidFile()).doesNotExist();

    Files.writeString(fe.pidFile(), sleeper.pid() + "\n");
    FeProcess.Result start = fe.start();
    assertStarted(fe, start);
    assertThat(start.output()).contains("stale");
    assertThat(fe.pid()).isNotEqualTo(sleeper.pid());
    assertThat(sleeper.isAlive()).isTrue();
  }

  @Test
  void pidFileOfDeadProcessIsStale() {
    FeProcess fe = home();
    assertStarted(fe, fe.start());
    long pid = fe.pid();
    fe.kill9();
    assertThat(fe.pidFile()).as("SIGKILL leaves the pid file behind, as a crash would").exists();

    FeProcess.Result start = fe.start();

    assertStarted(fe, start);
    assertThat(start.output()).contains("is not running");
    assertThat(fe.pid()).isNotEqualTo(pid);
  }

  // ------------------------------------------------------------------------------------------------ POSIX sh

  /**
   * Every way an operator may run a script. "sh" is /bin/sh (dash on Debian), "dash" names dash
   * outright so that the test exercises it wherever /bin/sh points, and "./bin" runs the script
   * through its #! line.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sh", "dash", "bash", "bash --posix", "./bin", "absolute"})
  void startAndStopWorkUnderEveryShellAndFromAnyDirectory(String form) {
    FeProcess fe = home();

    FeProcess.Result start = runForm(fe, form, "start_fe.sh", "--daemon");

    assertStarted(fe, start);
    long pid = fe.pid();
    assertThat(start.stdout()).contains("Frontend running as process " + pid + ";");
    assertThat(FeProcess.isLive(pid)).isTrue();
    assertThat(FeProcess.cmdline(pid)).contains(FeProcess.MAIN_CLASS, "-Dmetafe.home=" + fe.home());

    FeProcess.Result stop = runForm(fe, form, "stop_fe.sh");

    assertThat(stop.exitCode()).as("stop_fe.sh: %s", stop).isZero();
    assertThat(stop.stdout())
        .as("%s", stop)
        .contains("Frontend stopped.")
        .doesNotContain("SIGKILL");
    assertThat(FeProcess.isLive(pid)).isFalse();
    assertThat(fe.pidFile()).doesNotExist();
  }

  @Test
  void helpShowsTheOptionalHttpPortOfTheHelper() {
    FeProcess fe = home();

    FeProcess.Result r = runForm(fe, "dash", "start_fe.sh", "--help");

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.stdout())
        .contains("--helper host:edit_log_port[:http_port]")
        .contains(
            "http_port is the helper's HTTP port, needed only when it differs from this FE's");
  }

  /**
   * What a fake java (see {@link #fakeJava}) was given, one argument per line, for start_fe.sh args
   * under dash.
   */
  private FeProcess.Result javaArgsUnderDash(FeProcess fe, String... args) throws IOException {
    // The previous foreground run left its (now dead) pid behind; its stale-pid note is not an
    // argument.
    Files.deleteIfExists(fe.pidFile());
    List<String> cmd = new ArrayList<>(List.of("dash", "bin/start_fe.sh"));
    cmd.addAll(List.of(args));
    return run(fe, fe.home(), cmd);
  }

  @Test
  void helperWithEqualsSignIsTheSameAsHelperWithASeparateValue() throws IOException {
    FeProcess fe = home();
    fakeJava(fe, "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");

    FeProcess.Result separate =
        javaArgsUnderDash(fe, "--helper", "127.0.0.1:9010:8030", "--host_type", "fqdn");
    FeProcess.Result joined =
        javaArgsUnderDash(fe, "--helper=127.0.0.1:9010:8030", "--host_type=fqdn");

    assertThat(separate.exitCode()).as("%s", separate).isZero();
    List<String> args = separate.stdout().lines().toList();
    assertThat(args)
        .endsWith(FeProcess.MAIN_CLASS, "--helper", "127.0.0.1:9010:8030", "--host_type", "FQDN");
    assertThat(args).contains("-Dmetafe.home=" + fe.home(), "-cp", fe.home() + "/lib/*");
    assertThat(joined.exitCode()).as("%s", joined).isZero();
    assertThat(joined.stdout().lines().toList()).isEqualTo(args);
  }

  @Test
  void badArgumentsAreRefusedWithExitTwoUnderDash() throws IOException {
    FeProcess fe = home();
    fakeJava(fe, "echo JAVA-RAN\n");

    for (List<String> args :
        List.of(
            List.of("--helper", "127.0.0.1:9010 8030"),
            List.of("--helper=127.0.0.1:9010\t8030"),
            List.of("--helper"),
            List.of("--daemon", "--no-such-option"),
            List.of("--host_type", "DNS"),
            List.of("stray"))) {
      FeProcess.Result r = javaArgsUnderDash(fe, args.toArray(String[]::new));

      assertThat(r.exitCode()).as("%s: %s", args, r).isEqualTo(2);
      assertThat(r.stderr()).as("%s", args).contains("Usage:");
      assertThat(r.output()).as("%s", args).doesNotContain("JAVA-RAN");
    }
    FeProcess.Result spaces = javaArgsUnderDash(fe, "--helper", "127.0.0.1:9010 8030");
    assertThat(spaces.stderr())
        .contains("--helper takes one host:edit_log_port[:http_port] without whitespace");
    assertThat(fe.pidFile()).doesNotExist();
  }

  @Test
  void javaOptsWithAGlobReachTheJvmUnchangedUnderDash() throws IOException {
    FeProcess fe =
        home(
            Map.of(
                "JAVA_OPTS",
                "\"" + FeProcess.TEST_JAVA_OPTS + " -Xlog:gc*:file=${LOG_DIR}/gc.log\""));
    String expected = "-Xlog:gc*:file=" + fe.logDir() + "/gc.log";
    // A path the unquoted option would match as a glob from the working directory: a shell that
    // globs would hand the JVM -Xlog:gcDECOY:... instead.
    Path decoy =
        fe.home().resolve("-Xlog:gcDECOY:file=" + fe.logDir().toString().substring(1) + "/gc.log");
    Files.createDirectories(decoy.getParent());
    Files.writeString(decoy, "");

    FeProcess.Result r = runForm(fe, "dash", "start_fe.sh", "--daemon");

    assertStarted(fe, r);
    assertThat(FeProcess.cmdline(fe.pid())).contains(expected, "-Xmx256m");
    assertThat(fe.logDir().resolve("gc.log")).exists();
  }

  @Test
  void waitingLineCountsAsStarted() throws IOException {
    FeProcess fe = home();
    // Up and serving, but waiting for a quorum of followers: start_fe.sh must not wait
    // START_WAIT_SECONDS for it.
    fakeJava(
        fe,
        "printf '%s\\n' 'MetaFE waiting: for a quorum of followers'\nwhile :; do sleep 1; done\n");

    FeProcess.Result r = runForm(fe, "dash", "start_fe.sh", "--daemon");

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.stdout())
        .containsPattern("(?m)^MetaFE waiting: for a quorum of followers$")
        .contains("Frontend running as process " + fe.pid() + ";");
    FeProcess.Result stop = runForm(fe, "dash", "stop_fe.sh");
    assertThat(stop.exitCode()).as("%s", stop).isZero();
    assertThat(stop.stdout()).contains("Frontend stopped.");
  }

  /**
   * Replaces the home's java (through JAVA_HOME in fe.conf) with a sh script that answers -version
   * as Java 17 and otherwise runs {@code body}. Its command line names the main class, so
   * stop_fe.sh and {@link FeProcess#close()} treat it as the FE.
   */
  private static void fakeJava(FeProcess fe, String body) throws IOException {
    Path java = fe.root().resolve("fake-jdk/bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "if [ \"$1\" = -version ]; then echo 'openjdk version \"17.0.99\" 2025-01-01' >&2; exit 0; fi\n"
            + body);
    assertThat(java.toFile().setExecutable(true)).isTrue();
    fe.configure(Map.of("JAVA_HOME", java.getParent().getParent().toString()));
  }

  /**
   * Runs {@code script} of {@code fe} as {@code form} says: through a named shell with the path
   * relative to the home, as ./bin/script from the home, or by absolute path from /.
   */
  private FeProcess.Result runForm(FeProcess fe, String form, String script, String... args) {
    String relative = "bin/" + script;
    String absolute = fe.home().resolve(relative).toString();
    List<String> cmd =
        new ArrayList<>(
            switch (form) {
              case "sh", "dash", "bash" -> List.of(form, relative);
              case "bash --posix" -> List.of("bash", "--posix", absolute);
              case "./bin" -> List.of("./" + relative);
              case "absolute" -> List.of(absolute);
              default -> throw new IllegalArgumentException(form);
            });
    cmd.addAll(List.of(args));
    Path dir = form.equals("absolute") || form.equals("bash --posix") ? Path.of("/") : fe.home();
    return run(fe, dir, cmd);
  }

  /**
   * {@code cmd} in {@code dir} with the environment FeProcess gives its scripts. Output goes to
   * files in the home's temporary root, so that a daemon the script starts holds no pipe of ours.
   * An FE the script starts is killed by {@link FeProcess#close()} through fe.pid; the script
   * itself through {@link #others}.
   */
  private FeProcess.Result run(FeProcess fe, Path dir, List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("FE_HOME");
    pb.environment().remove("JAVA_OPTS");
    pb.environment().remove("LOG_DIR");
    pb.environment().put("START_WAIT_SECONDS", "120");
    int n = runs.incrementAndGet();
    Path out = fe.root().resolve("scripts-it-" + n + ".out");
    Path err = fe.root().resolve("scripts-it-" + n + ".err");
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    try {
      Process p = pb.start();
      others.add(p);
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(
            cmd
                + " did not finish within 3 minutes; output so far:\n"
                + Files.readString(out)
                + Files.readString(err));
      }
      return new FeProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + cmd, e);
    }
  }

  /**
   * The first byte of the MySQL initial handshake packet: proves something speaking MySQL listens
   * there.
   */
  private static int mysqlHandshakeVersion(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      in.readFully(new byte[4]);
      return in.readUnsignedByte();
    }
  }
}
