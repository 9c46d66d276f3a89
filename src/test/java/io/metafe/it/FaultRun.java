package io.metafe.it;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded fault-injection run on real FEs: 3 FOLLOWERs and 1 OBSERVER on 127.0.0.1, writers
 * sending single-row INSERTs through every FE, and faults injected one at a time. Each write has a
 * key of its own, never retried, so a key found twice was applied twice. At the end it checks that
 * every acknowledged write is on every FE, that no write appears twice and that every FE holds the
 * same state checksum; it counts FEs that exited without being killed, and measures for each fault
 * the time to the first acknowledged write that started after it. Used by {@code FaultIT} (short,
 * in CI) and {@code bench/run.sh faults} (full). Not thread-safe; close it to kill every FE.
 */
public final class FaultRun implements AutoCloseable {

  /** What is done to which FE. */
  public enum Fault {
    /** kill -9 of the master; it is restarted with start_fe.sh. */
    KILL_MASTER,
    /** SIGSTOP of the master for the run's pause, then SIGCONT. */
    STOP_MASTER,
    /**
     * The master cut off the network, both ways, for the run's pause while it keeps running; then
     * healed. Only in a run made with network cuts.
     */
    CUT_MASTER,
    /** kill -9 of a FOLLOWER that is not master; restarted. */
    KILL_FOLLOWER,
    /** kill -9 of the OBSERVER; restarted. */
    KILL_OBSERVER
  }

  /**
   * One fault's outcome.
   *
   * @param recoverySeconds from the fault to the first acknowledged write that started after it;
   *     negative when no write was acknowledged within the wait
   */
  /**
   * @param at when the fault was injected, to find it in the FEs' logs
   */
  public record Recovery(int cycle, Fault fault, java.time.Instant at, double recoverySeconds) {}

  /**
   * What the run found.
   *
   * @param exits one line per FE that exited without being killed, with the reason from its fe.log
   */
  public record Report(
      long acknowledged,
      long unknown,
      long lost,
      long duplicated,
      boolean converged,
      List<Recovery> recoveries,
      List<String> exits) {}

  private static final Duration RECOVERY_WAIT = Duration.ofSeconds(60);

  private final int writerCount;
  private final Duration pause;
  private final Map<String, String> conf;
  private final ItCluster cluster = new ItCluster();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong unknown = new AtomicLong();

  /** System.nanoTime() at which the newest acknowledged write had started, per completion. */
  private final List<long[]> acks = java.util.Collections.synchronizedList(new ArrayList<>());

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> writers = new ArrayList<>();
  private final List<String> exits = new ArrayList<>();
  private final List<Recovery> recoveries = new ArrayList<>();

  /** FEs this run killed or stopped on purpose, by position in {@link #fes}. */
  private final Set<Integer> faulted = new HashSet<>();

  private List<FeProcess> fes;

  /** Null unless the run was made with network cuts. */
  private final NetworkCut network;

  /**
   * @param writers concurrent writers, spread over all FEs
   * @param pause how long a SIGSTOP lasts
   * @param conf fe.conf settings of every FE over the test defaults, for tuning runs
   */
  public FaultRun(int writers, Duration pause, Map<String, String> conf) {
    this(writers, pause, conf, false);
  }

  /**
   * @param networkCuts whether {@link Fault#CUT_MASTER} may be injected: every FE then starts in a
   *     cgroup of its own (see {@link NetworkCut}, which says what that needs)
   */
  public FaultRun(int writers, Duration pause, Map<String, String> conf, boolean networkCuts) {
    this.writerCount = writers;
    this.pause = pause;
    this.conf = Map.copyOf(conf);
    this.network = networkCuts ? NetworkCut.open() : null;
  }

  /** The master's faults a run injects: kill -9, SIGSTOP and, with network cuts, the cut. */
  public static List<Fault> masterFaults(boolean networkCuts) {
    return networkCuts
        ? List.of(Fault.KILL_MASTER, Fault.STOP_MASTER, Fault.CUT_MASTER)
        : List.of(Fault.KILL_MASTER, Fault.STOP_MASTER);
  }

  /** Why this machine cannot run {@link Fault#CUT_MASTER}, or empty when it can. */
  public static java.util.Optional<String> networkCutsUnavailable() {
    return NetworkCut.unavailableReason();
  }

  /** Starts the cluster and the writers, and waits for the first acknowledged writes. */
  public void start() throws Exception {
    int[] next = {0};
    fes =
        cluster.start(
            conf,
            fe -> network == null ? fe : fe.inCgroup(network.procsFileFor("fe" + next[0]++)),
            "FOLLOWER",
            "FOLLOWER",
            "OBSERVER");
    ItSupport.exec(
        fes.get(0),
        "CREATE DATABASE faults",
        "CREATE TABLE faults.t (k BIGINT NOT NULL) DUPLICATE KEY(k)");
    for (FeProcess fe : fes) {
      ItSupport.awaitRows("the table", fe, "SHOW TABLES FROM faults", rows -> !rows.isEmpty());
    }
    for (int w = 0; w < writerCount; w++) {
      FeProcess target = fes.get(w % fes.size());
      long base = (w + 1) * 1_000_000_000L;
      Thread t = new Thread(() -> write(target, base), "fault-writer-" + w);
      t.setDaemon(true);
      t.start();
      writers.add(t);
    }
    ItSupport.await("the first writes", Duration.ofSeconds(30), () -> acknowledged.size() >= 100);
  }

  private void write(FeProcess target, long base) {
    long seq = 0;
    while (running.get()) {
      // The URL's socket timeout bounds how long a writer hangs on a stopped FE; the write's
      // outcome is then unknown.
      try (Connection c = DriverManager.getConnection(target.jdbcUrl());
          Statement s = c.createStatement()) {
        while (running.get()) {
          long k = base + seq++;
          long started = System.nanoTime();
          try {
            s.executeUpdate("INSERT INTO faults.t VALUES (" + k + ")");
          } catch (SQLException e) {
            unknown.incrementAndGet();
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
              throw e;
            }
            // Refused (no master yet, a lost quorum): a moment before the next key, not a busy
            // loop.
            sleep(50);
            continue;
          }
          acknowledged.add(k);
          acks.add(new long[] {started, System.nanoTime()});
        }
      } catch (SQLException connectionLost) {
        sleep(200);
      }
    }
  }

  /**
   * Injects one fault, measures the recovery, undoes the fault and waits until every FE is back.
   */
  public Recovery inject(int cycle, Fault fault) throws Exception {
    int masterIndex = masterIndex();
    int victim =
        switch (fault) {
          case KILL_MASTER, STOP_MASTER, CUT_MASTER -> masterIndex;
          case KILL_FOLLOWER -> {
            int f = 0;
            while (f == masterIndex || f == 3) {
              f++;
            }
            yield f;
          }
          case KILL_OBSERVER -> 3;
        };
    FeProcess fe = fes.get(victim);
    faulted.add(victim);
    long at;
    if (fault == Fault.STOP_MASTER) {
      // signal() runs kill(1): the process is stopped only once that returns, tens of ms after it
      // was started.
      fe.sigstop();
      at = System.nanoTime();
    } else if (fault == Fault.CUT_MASTER) {
      if (network == null) {
        throw new IllegalStateException("CUT_MASTER needs a FaultRun made with network cuts");
      }
      network.cut("fe" + victim);
      at = System.nanoTime();
    } else {
      at = System.nanoTime();
      fe.kill9();
    }
    java.time.Instant atWall = java.time.Instant.now();
    double seconds = awaitAckStartedAfter(at);
    if (fault == Fault.STOP_MASTER || fault == Fault.CUT_MASTER) {
      long left = pause.toNanos() - (System.nanoTime() - at);
      if (left > 0) {
        sleep(left / 1_000_000);
      }
      if (fault == Fault.STOP_MASTER) {
        fe.sigcont();
      } else {
        network.heal();
      }
    } else {
      FeProcess.Result r = fe.start();
      if (r.exitCode() != 0) {
        throw new AssertionError("restart of FE " + victim + " after " + fault + " failed: " + r);
      }
    }
    faulted.remove(victim);
    awaitAllServing();
    Recovery result = new Recovery(cycle, fault, atWall, seconds);
    recoveries.add(result);
    return result;
  }

  private double awaitAckStartedAfter(long at) {
    long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (acks) {
        for (int i = acks.size() - 1; i >= 0 && acks.get(i)[1] > at; i--) {
          if (acks.get(i)[0] > at) {
            return (acks.get(i)[1] - at) / 1e9;
          }
        }
      }
      sleep(20);
    }
    return -1;
  }

  /**
   * Waits until every FE answers and writes through each succeed; restarts (and records) any FE
   * that exited.
   */
  private void awaitAllServing() throws Exception {
    for (int i = 0; i < fes.size(); i++) {
      FeProcess fe = fes.get(i);
      String[] lastError = {""};
      long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
      while (true) {
        restartIfExited(i);
        try {
          ItSupport.exec(fe, "INSERT INTO faults.t VALUES (-1)");
          break;
        } catch (SQLException notYet) {
          lastError[0] = notYet.getMessage();
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "no write through FE "
                  + i
                  + " (query port "
                  + fe.queryPort()
                  + ") within "
                  + RECOVERY_WAIT.toSeconds()
                  + " s; last error: "
                  + lastError[0]
                  + "\n"
                  + fe.diagnostics());
        }
        sleep(100);
      }
    }
  }

  /**
   * An FE that exited though the run did not kill it: recorded with its reason, and started again.
   */
  private void restartIfExited(int i) {
    FeProcess fe = fes.get(i);
    if (fe.isAlive() || faulted.contains(i)) {
      return;
    }
    String log = fe.feLog();
    int at = log.indexOf("FE must stop: ", Math.max(0, log.lastIndexOf("MetaFE started:")));
    int end = at < 0 ? -1 : log.indexOf('\n', at);
    exits.add(
        "FE "
            + i
            + " (edit_log_port "
            + fe.editLogPort()
            + ") exited: "
            + (at < 0 ? "no reason in fe.log" : log.substring(at, end < 0 ? log.length() : end)));
    FeProcess.Result r = fe.start();
    if (r.exitCode() != 0) {
      throw new AssertionError("restart of FE " + i + " after it exited failed: " + r);
    }
  }

  private int masterIndex() throws Exception {
    for (FeProcess fe : fes) {
      if (!fe.isAlive()) {
        continue;
      }
      for (List<String> row : ItSupport.query(fe, "SHOW FRONTENDS")) {
        if (row.get(8).equals("true")) {
          for (int i = 0; i < fes.size(); i++) {
            if (Integer.toString(fes.get(i).editLogPort()).equals(row.get(3))) {
              return i;
            }
          }
        }
      }
    }
    throw new AssertionError("no FE reports a master");
  }

  /** Stops the writers, waits for the FEs to converge and checks every acknowledged write. */
  public Report finish() throws Exception {
    running.set(false);
    for (Thread t : writers) {
      t.join(60_000);
    }
    awaitAllServing();
    boolean converged;
    try {
      ItSupport.await(
          "equal checksums on every FE",
          Duration.ofSeconds(60),
          () -> {
            Set<String> digests = new HashSet<>();
            for (FeProcess fe : fes) {
              try {
                JsonNode c = checksum(fe);
                digests.add(c.get("journalId").asText() + "/" + c.get("digest").asText());
              } catch (Exception e) {
                return false;
              }
            }
            return digests.size() == 1;
          });
      converged = true;
    } catch (AssertionError e) {
      converged = false;
    }
    long lost = 0;
    long duplicated = 0;
    for (FeProcess fe : fes) {
      Set<Long> present = new HashSet<>();
      long dups = 0;
      try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT k FROM faults.t WHERE k > 0")) {
        while (rs.next()) {
          if (!present.add(rs.getLong(1))) {
            dups++;
          }
        }
      }
      long missing = acknowledged.stream().filter(k -> !present.contains(k)).count();
      lost = Math.max(lost, missing);
      duplicated = Math.max(duplicated, dups);
    }
    return new Report(
        acknowledged.size(),
        unknown.get(),
        lost,
        duplicated,
        converged,
        List.copyOf(recoveries),
        List.copyOf(exits));
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    if (fes != null) {
      for (FeProcess fe : fes) {
        if (fe.isAlive()) {
          fe.sigcont();
        }
      }
    }
    if (network != null) {
      network.heal();
    }
    cluster.close();
    if (network != null) {
      network.close();
    }
  }
}
