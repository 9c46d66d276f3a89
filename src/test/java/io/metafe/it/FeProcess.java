package io.metafe.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One FE home in a temporary directory, copied from the built {@code output/fe}, and the FE
 * processes started from it through {@code bin/start_fe.sh}. Closing it kills, by pid, every
 * process it started that is still alive, and deletes the home unless the system property {@code
 * metafe.keepHomes} is set.
 *
 * <p>Not thread-safe: one test drives one instance.
 */
public final class FeProcess implements AutoCloseable {
  public static final String MAIN_CLASS = "io.metafe.server.Main";

  /** Small enough that three FEs and the test JVM fit comfortably on the 2-core CI machine. */
  public static final String TEST_JAVA_OPTS =
      "-Xmx256m -Xms32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";

  private static final Pattern KEY_LINE = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=.*$");

  /**
   * Ports handed out in this JVM: a port is free until its FE binds it, so two homes must not get
   * the same one.
   */
  private static final Set<Integer> ISSUED_PORTS = ConcurrentHashMap.newKeySet();

  /**
   * Every pid any instance started, for the shutdown hook when a test run is aborted before
   * close().
   */
  private static final Set<Long> ALL_PIDS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> ALL_PIDS.forEach(FeProcess::killQuietly), "FeProcess-cleanup"));
  }

  /** What a script or command did. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }
  }

  private final Path root;
  private final Path home;
  private final Map<String, String> conf = new LinkedHashMap<>();
  private final Set<Long> pids = new LinkedHashSet<>();
  private final List<Process> foreground = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private int scriptRuns;
  private Path cgroupProcs;

  private FeProcess(Path root, Path home) {
    this.root = root;
    this.home = home;
  }

  /** The home {@code mvn package} built; failsafe passes it as {@code metafe.home}. */
  public static Path builtHome() {
    Path p = Path.of(System.getProperty("metafe.home", "output/fe")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p.resolve("bin/start_fe.sh"))
        || !Files.isDirectory(p.resolve("lib"))) {
      throw new IllegalStateException("no built FE home at " + p + "; run mvn package first");
    }
    return p;
  }

  /** A fresh home from the built one, default config plus test ports, loopback and small heap. */
  public static FeProcess create() {
    return create(Map.of());
  }

  /**
   * As {@link #create()}, with {@code overrides} merged over fe.conf last (a null value removes the
   * key).
   */
  public static FeProcess create(Map<String, String> overrides) {
    return copyOf(builtHome(), overrides);
  }

  /**
   * A new home holding copies of {@code sourceHome}'s bin/, conf/ and lib/ only (no meta/ or log/),
   * with new free ports, in its own temporary directory.
   */
  public static FeProcess copyOf(Path sourceHome, Map<String, String> overrides) {
    try {
      Path root = Files.createTempDirectory("metafe-it-");
      Path home = root.resolve("fe");
      for (String dir : List.of("bin", "conf", "lib")) {
        copyTree(sourceHome.resolve(dir), home.resolve(dir));
      }
      FeProcess fe = new FeProcess(root, home);
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("http_port", Integer.toString(freePort()));
      settings.put("rpc_port", Integer.toString(freePort()));
      settings.put("query_port", Integer.toString(freePort()));
      settings.put("edit_log_port", Integer.toString(freePort()));
      settings.put("priority_networks", "127.0.0.1/32");
      settings.put("JAVA_OPTS", TEST_JAVA_OPTS);
      settings.putAll(overrides);
      fe.configure(settings);
      return fe;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges settings into conf/fe.conf: an existing {@code key = ...} line is replaced in place, a
   * new key is appended, a null value deletes the key's lines. Takes effect at the next start.
   */
  public FeProcess configure(Map<String, String> settings) {
    Path file = confFile();
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      for (Map.Entry<String, String> s : settings.entrySet()) {
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = KEY_LINE.matcher(lines.get(i));
          if (m.matches() && m.group(1).equals(s.getKey())) {
            if (s.getValue() == null || replaced) {
              lines.remove(i--);
            } else {
              lines.set(i, s.getKey() + " = " + s.getValue());
              replaced = true;
            }
          }
        }
        if (!replaced && s.getValue() != null) {
          lines.add(s.getKey() + " = " + s.getValue());
        }
        if (s.getValue() == null) {
          conf.remove(s.getKey());
        } else {
          conf.put(s.getKey(), s.getValue());
        }
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Environment for the scripts this instance runs (e.g. STOP_TIMEOUT_SECOND); a null value unsets.
   */
  public FeProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /**
   * Starts this FE, on every later start, inside the cgroup whose {@code cgroup.procs} is given, so
   * that a {@link NetworkCut} can isolate its sockets.
   */
  FeProcess inCgroup(Path procsFile) {
    this.cgroupProcs = procsFile;
    return this;
  }

  // ------------------------------------------------------------------------------------------------ layout

  public Path root() {
    return root;
  }

  public Path home() {
    return home;
  }

  public Path confFile() {
    return home.resolve("conf/fe.conf");
  }

  public Path pidFile() {
    return home.resolve("bin/fe.pid");
  }

  /** sys_log_dir as set through this instance, else the default. */
  public Path logDir() {
    String dir = conf.get("sys_log_dir");
    return dir == null ? home.resolve("log") : Path.of(dir.replace("${FE_HOME}", home.toString()));
  }

  public Path metaDir() {
    String dir = conf.get("meta_dir");
    return dir == null ? home.resolve("meta") : Path.of(dir.replace("${FE_HOME}", home.toString()));
  }

  public int httpPort() {
    return port("http_port");
  }

  public int rpcPort() {
    return port("rpc_port");
  }

  public int queryPort() {
    return port("query_port");
  }

  public int editLogPort() {
    return port("edit_log_port");
  }

  /**
   * The loopback address this FE binds: the one its {@code priority_networks} names exactly (e.g.
   * {@code 127.0.0.3/32}), else 127.0.0.1.
   */
  public String host() {
    String networks = conf.getOrDefault("priority_networks", "127.0.0.1/32");
    return networks.matches("127\\.\\d+\\.\\d+\\.\\d+/32")
        ? networks.substring(0, networks.length() - 3)
        : "127.0.0.1";
  }

  /** {@code <host>:<edit_log_port>}, what another FE passes as {@code --helper}. */
  public String helperAddress() {
    return host() + ":" + editLogPort();
  }

  private int port(String key) {
    return Integer.parseInt(conf.get(key));
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /** {@code bin/start_fe.sh --daemon args...}. */
  public Result start(String... args) {
    List<String> all = new ArrayList<>();
    all.add("--daemon");
    all.addAll(Arrays.asList(args));
    return startScript(all.toArray(String[]::new));
  }

  /**
   * {@code bin/start_fe.sh args...} exactly as given; for daemon-mode spellings other than {@code
   * --daemon}.
   */
  public Result startScript(String... args) {
    Result r = runScript("start_fe.sh", Duration.ofMinutes(3), args);
    // Track the pid even when start reported failure: the JVM may still be alive and must be
    // cleaned up.
    readPidFile().ifPresent(this::track);
    return r;
  }

  /**
   * {@code bin/start_fe.sh args...} without --daemon, as a child of this JVM whose stdout and
   * stderr the caller reads. The process is tracked and killed by {@link #close()}.
   */
  public Process startForeground(String... args) {
    List<String> cmd = new ArrayList<>(List.of("sh", home.resolve("bin/start_fe.sh").toString()));
    cmd.addAll(Arrays.asList(args));
    try {
      Process p = processBuilder(cmd).start();
      foreground.add(p);
      track(p.pid());
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code bin/stop_fe.sh args...}. */
  /**
   * Starts the FE in the background and fails the test, with the FE's own words, unless it comes
   * up.
   */
  public FeProcess startOrFail(String... args) {
    Result r = start(args);
    if (r.exitCode() != 0 || !r.output().contains("MetaFE started:")) {
      throw new AssertionError("FE did not start: " + r + "\n" + diagnostics());
    }
    return this;
  }

  /** meta_dir/image/ROLE as properties. */
  public java.util.Properties roleFile() {
    return properties(metaDir().resolve("image/ROLE"));
  }

  /** meta_dir/image/VERSION as properties. */
  public java.util.Properties versionFile() {
    return properties(metaDir().resolve("image/VERSION"));
  }

  private static java.util.Properties properties(Path file) {
    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  public Result stop(String... args) {
    return runScript("stop_fe.sh", Duration.ofMinutes(3), args);
  }

  /** The pid in bin/fe.pid, if the file exists and holds a number. */
  public OptionalLong readPidFile() {
    try {
      if (!Files.exists(pidFile())) {
        return OptionalLong.empty();
      }
      String text = Files.readString(pidFile()).strip();
      return text.matches("\\d+") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The pid in bin/fe.pid; fails when there is none. */
  public long pid() {
    return readPidFile().orElseThrow(() -> new AssertionError("no pid in " + pidFile()));
  }

  /** Whether the pid in bin/fe.pid is a live (not zombie) process. */
  public boolean isAlive() {
    OptionalLong pid = readPidFile();
    return pid.isPresent() && isLive(pid.getAsLong());
  }

  /**
   * SIGKILL to the pid in bin/fe.pid, then waits until it is gone. The pid file stays, as after a
   * crash.
   */
  public void kill9() {
    long pid = pid();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    waitUntilDead(pid, Duration.ofSeconds(30));
  }

  public void sigstop() {
    signal("STOP", pid());
  }

  public void sigcont() {
    signal("CONT", pid());
  }

  /** The process's arguments from /proc, or an empty list when it is gone. */
  public static List<String> cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String s = new String(raw, StandardCharsets.UTF_8);
      return s.isEmpty() ? List.of() : List.of(s.split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Alive and not a zombie. PID 1 of some containers never reaps orphans, so a daemon FE that has
   * exited can stay a zombie, which {@link ProcessHandle#isAlive()} still reports as alive.
   */
  public static boolean isLive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  public static void waitUntilDead(long pid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isLive(pid)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("process " + pid + " still alive after " + timeout);
      }
      sleep(50);
    }
  }

  // ------------------------------------------------------------------------------------------------ clients

  /** MySQL Connector/J URL for this FE's query port. */
  public String jdbcUrl() {
    return "jdbc:mysql://"
        + host()
        + ":"
        + queryPort()
        + "/?user=root&password=&connectTimeout=5000"
        + "&socketTimeout=60000&allowPublicKeyRetrieval=true&useSSL=false";
  }

  /** MariaDB Connector/J URL for this FE's query port. */
  public String mariadbUrl() {
    return "jdbc:mariadb://"
        + host()
        + ":"
        + queryPort()
        + "/?user=root&password=&connectTimeout=5000"
        + "&socketTimeout=60000";
  }

  /** The mysql command-line client in batch mode against this FE. */
  public Result mysqlCli(String sql) {
    return mysqlCli(sql, new String[0]);
  }

  /**
   * As {@link #mysqlCli(String)} with more client options, e.g. {@code -vv} to print an OK packet's
   * info text.
   */
  public Result mysqlCli(String sql, String... options) {
    List<String> cmd =
        new ArrayList<>(List.of("mysql", "-h" + host(), "-P" + queryPort(), "-uroot", "--batch"));
    cmd.addAll(Arrays.asList(options));
    cmd.addAll(List.of("-e", sql));
    return run(cmd, Duration.ofSeconds(90));
  }

  // ------------------------------------------------------------------------------------------------ logs

  public String feLog() {
    return readIfExists(logDir().resolve("fe.log"));
  }

  public String warnLog() {
    return readIfExists(logDir().resolve("fe.warn.log"));
  }

  public String feOut() {
    return readIfExists(logDir().resolve("fe.out"));
  }

  /**
   * Waits until fe.log contains {@code needle} and returns the first line holding it; fails with
   * the log tail.
   */
  public String waitForLog(String needle, Duration timeout) {
    return waitFor(logDir().resolve("fe.log"), needle, timeout);
  }

  /** Waits until {@code file} contains {@code needle} and returns the first line holding it. */
  public static String waitFor(Path file, String needle, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String text = readIfExists(file);
      for (String line : text.split("\n")) {
        if (line.contains(needle)) {
          return line;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "'"
                + needle
                + "' not in "
                + file
                + " after "
                + timeout
                + "; its end:\n"
                + tail(text, 40));
      }
      sleep(100);
    }
  }

  /** Diagnostics for assertion messages: the ends of fe.out and fe.log. */
  public String diagnostics() {
    return "FE home "
        + home
        + "\n--- fe.out ---\n"
        + tail(feOut(), 30)
        + "\n--- fe.log ---\n"
        + tail(feLog(), 40);
  }

  public static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join(
        "\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
  }

  // ------------------------------------------------------------------------------------------------ cleanup

  /**
   * Kills every process this instance started that is still alive, then deletes the home (unless
   * kept).
   */
  @Override
  public void close() {
    readPidFile().ifPresent(this::track);
    for (Process p : foreground) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (long pid : pids) {
      if (isLive(pid)) {
        killQuietly(pid);
        try {
          waitUntilDead(pid, Duration.ofSeconds(30));
        } catch (AssertionError e) {
          System.err.println("FeProcess: " + e.getMessage());
        }
      }
      ALL_PIDS.remove(pid);
    }
    if (System.getProperty("metafe.keepHomes") == null) {
      deleteTree(root);
    } else {
      System.err.println("FeProcess: kept " + root);
    }
  }

  private void track(long pid) {
    pids.add(pid);
    ALL_PIDS.add(pid);
  }

  /**
   * SIGKILL, but only to a process that is one of ours: a pid may have been reused since it was
   * recorded.
   */
  private static void killQuietly(long pid) {
    if (isLive(pid) && String.join(" ", cmdline(pid)).contains(MAIN_CLASS)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static void signal(String sig, long pid) {
    Result r = run(List.of("kill", "-" + sig, Long.toString(pid)), Duration.ofSeconds(10));
    if (r.exitCode() != 0) {
      throw new AssertionError("kill -" + sig + " " + pid + " failed: " + r);
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private Result runScript(String script, Duration timeout, String... args) {
    List<String> cmd =
        new ArrayList<>(List.of("sh", home.resolve("bin").resolve(script).toString()));
    if (cgroupProcs != null && script.equals("start_fe.sh")) {
      // The shell joins the cgroup before it runs the script, so the JVM the script starts is in it
      // from its first socket on; the script itself still runs as the operator types it.
      cmd =
          new ArrayList<>(
              List.of(
                  "sh",
                  "-c",
                  "echo $$ > \"$0\" && exec sh \"$@\"",
                  cgroupProcs.toString(),
                  home.resolve("bin").resolve(script).toString()));
    }
    cmd.addAll(Arrays.asList(args));
    return run(processBuilder(cmd), timeout, root.resolve("run-" + ++scriptRuns));
  }

  private ProcessBuilder processBuilder(List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    // Inherited settings from the developer's shell must not leak into the FE under test.
    pb.environment().remove("FE_HOME");
    pb.environment().remove("JAVA_OPTS");
    pb.environment().remove("LOG_DIR");
    pb.environment().putIfAbsent("START_WAIT_SECONDS", "120");
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    return pb;
  }

  /** Runs a client program (mysqldump, python3, node, ...) to completion, output captured. */
  public static Result runClient(List<String> cmd, Duration timeout) {
    return run(cmd, timeout);
  }

  private static Result run(List<String> cmd, Duration timeout) {
    try {
      Path dir = Files.createTempDirectory("metafe-cmd-");
      try {
        return run(new ProcessBuilder(cmd), timeout, dir.resolve("run"));
      } finally {
        deleteTree(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Output goes to files, not pipes: a daemon started by the script must not hold a pipe of ours
   * open, and a chatty command must not block on a full pipe.
   */
  private static Result run(ProcessBuilder pb, Duration timeout, Path prefix) {
    Path out = prefix.resolveSibling(prefix.getFileName() + ".out");
    Path err = prefix.resolveSibling(prefix.getFileName() + ".err");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    try {
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            pb.command()
                + " did not finish within "
                + timeout
                + "; output so far:\n"
                + readIfExists(out)
                + readIfExists(err));
      }
      return new Result(p.exitValue(), readIfExists(out), readIfExists(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + pb.command(), e);
    }
  }

  /**
   * A port that nothing listens on now and that this JVM has not handed out, taken below the Linux
   * ephemeral range (32768+) so that an outgoing connection cannot grab it before the FE binds.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 32000);
      if (!ISSUED_PORTS.contains(port) && bindable(port)) {
        ISSUED_PORTS.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port found in 20000-32000");
  }

  private static boolean bindable(int port) {
    for (String host : List.of("127.0.0.1", "0.0.0.0")) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  static String readIfExists(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            // A pid file in the source belongs to the source's FE, never to the copy.
            if (!file.getFileName().toString().equals("fe.pid")) {
              Files.copy(
                  file,
                  to.resolve(from.relativize(file).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      System.err.println("FeProcess: could not delete " + dir + ": " + e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
