package io.metafe.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.metafe.it.FeProcess;
import io.metafe.records.InsertRows;
import io.metafe.records.RecordCodec;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MetaFE against etcd 3.4 on the same write: one durable, replicated ~512-byte record per request,
 * each client synchronous. Issue #12 asks whether MetaFE's write path (MySQL protocol, parser,
 * group commit, bdbje HA) keeps up with a purpose-built replicated store, so both sides run 3
 * voting members on 127.0.0.1 with fsync on and their default durability, in one run, measured one
 * system at a time:
 *
 * <ul>
 *   <li>MetaFE: a master and 2 FOLLOWERs started by {@code bin/start_fe.sh} (default fe.conf: SYNC
 *       / SYNC / SIMPLE_MAJORITY); N Connector/J connections to the master, each running {@code
 *       INSERT INTO bench.e VALUES (k, '<512 characters>')} in a loop;
 *   <li>etcd: 3 {@code etcd} processes (Debian's etcd-server, its defaults: fsync of the WAL on
 *       every commit), one jetcd client on the leader's endpoint (or a follower's, with {@code
 *       -Dmetafe.etcdTarget=follower}) shared by N threads, each doing {@code put} of a new key
 *       with a 512-byte value and waiting for it.
 * </ul>
 *
 * For 1 and 32 clients, each round measures both systems, the one that went first in the previous
 * round going second; each measurement follows its own warm-up at that concurrency. Each point
 * starts from an empty table or key range: MetaFE keeps every row in the heap of every FE, so rows
 * piling up over the run would measure heap exhaustion rather than the write path, and etcd's old
 * revisions are deleted and compacted to stay far from its 2 GiB default quota. Prints per-round
 * figures and, per concurrency, the median throughput, p50/p99 over all rounds' operations and the
 * median of the per-round MetaFE/etcd ratios.
 *
 * <p>Usage: {@code bench/run.sh etcd [seconds-per-point] [rounds] [warmup-seconds]} (default 10 3
 * 20). Needs {@code etcd} on the PATH.
 */
public final class EtcdBenchmark {
  private static final int[] CONCURRENCY = {1, 32};
  private static final int VALUE_BYTES = 512;

  /** Far beyond any healthy commit; it only keeps a wedged server from hanging the run. */
  private static final long OP_TIMEOUT_SECONDS = 30;

  private static final String TABLE = "bench.e";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    boolean toFollower = System.getProperty("metafe.etcdTarget", "leader").equals("follower");
    Path etcd = onPath("etcd");
    if (etcd == null) {
      System.out.println(
          "etcd not found on the PATH: install it with `apt-get install -y etcd-server` (Debian"
              + " bookworm ships etcd 3.4.23), then run bench/run.sh etcd again");
      System.exit(2);
    }
    String value = payload();
    int entrySize =
        RecordCodec.encode(
                new InsertRows(10_001, 10_002, List.<Object[]>of(new Object[] {123_456L, value})))
            .length;
    System.out.printf(
        "MetaFE 3 FOLLOWERs (master + 2, default fe.conf: SYNC/SYNC/SIMPLE_MAJORITY, %d-byte journal"
            + " entries) vs %s, 3 members, fsync on; %d-byte values; %d s per point after a %d s warm-up, %d rounds"
            + " (order alternates)%n",
        entrySize, version(etcd), VALUE_BYTES, seconds, warmup, rounds);
    List<FeProcess> fes = new ArrayList<>();
    try (EtcdCluster cluster = new EtcdCluster(etcd, 3)) {
      String target = toFollower ? cluster.aFollower() : cluster.leader();
      System.out.printf(
          "etcd clients talk to the %s, %s%n", toFollower ? "follower" : "leader", target);
      fes.addAll(ClusterBenchmark.cluster(2, 0));
      String url = fes.get(0).jdbcUrl();
      List<Long> fePids = fes.stream().map(FeProcess::pid).toList();
      try (Client client = Client.builder().endpoints(target).build()) {
        KV kv = client.getKVClient();
        Map<Integer, List<Row>> byClients = new TreeMap<>();
        System.out.println(
            "| round | clients | first | MetaFE inserts/s | p50 ms | p99 ms | etcd puts/s | p50 ms"
                + " | p99 ms | MetaFE/etcd | FE CPU µs/insert (master; followers) | etcd CPU µs/put (leader; followers)"
                + " | client CPU µs/op MetaFE / etcd |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        int point = 0;
        for (int round = 1; round <= rounds; round++) {
          for (int c : CONCURRENCY) {
            point++;
            boolean metaFeFirst = round % 2 == 1;
            Point m;
            Point e;
            if (metaFeFirst) {
              m = measureMetaFe(url, fePids, c, seconds, warmup, value);
              e = measureEtcd(cluster, kv, point, c, seconds, warmup, value);
            } else {
              e = measureEtcd(cluster, kv, point, c, seconds, warmup, value);
              m = measureMetaFe(url, fePids, c, seconds, warmup, value);
            }
            Row row = new Row(m, e);
            byClients.computeIfAbsent(c, k -> new ArrayList<>()).add(row);
            System.out.printf(
                "| %d | %d | %s | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %s | %s"
                    + " | %.0f / %.0f |%n",
                round,
                c,
                metaFeFirst ? "MetaFE" : "etcd",
                m.perSecond(),
                m.p(0.5),
                m.p(0.99),
                e.perSecond(),
                e.p(0.5),
                e.p(0.99),
                row.ratio(),
                m.serverCpu(),
                e.serverCpu(),
                m.clientMicrosPerOp(),
                e.clientMicrosPerOp());
          }
        }
        summary(byClients, rounds);
        String leaderNow = cluster.leader();
        if (!toFollower && !leaderNow.equals(target)) {
          System.out.println(
              "note: etcd's leader moved during the run, from " + target + " to " + leaderNow);
        }
      }
    } finally {
      fes.forEach(FeProcess::close);
    }
  }

  private static void summary(Map<Integer, List<Row>> byClients, int rounds) {
    System.out.printf(
        "%nMedians over %d rounds (p50/p99 over every operation of all rounds):%n%n", rounds);
    System.out.println(
        "| clients | MetaFE inserts/s | p50 ms | p99 ms | etcd puts/s | p50 ms | p99 ms"
            + " | MetaFE/etcd (median of per-round ratios) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Map.Entry<Integer, List<Row>> e : byClients.entrySet()) {
      List<Row> rows = e.getValue();
      Latencies metaFe = new Latencies();
      Latencies etcd = new Latencies();
      rows.forEach(
          r -> {
            metaFe.addAll(r.metaFe().result().latencies());
            etcd.addAll(r.etcd().result().latencies());
          });
      System.out.printf(
          "| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f |%n",
          e.getKey(),
          ClusterBenchmark.median(rows.stream().map(r -> r.metaFe().perSecond()).toList()),
          metaFe.quantileMillis(0.5),
          metaFe.quantileMillis(0.99),
          ClusterBenchmark.median(rows.stream().map(r -> r.etcd().perSecond()).toList()),
          etcd.quantileMillis(0.5),
          etcd.quantileMillis(0.99),
          ClusterBenchmark.median(rows.stream().map(Row::ratio).toList()));
    }
  }

  /**
   * @param serverCpuNanos utime + stime of each of the system's 3 server processes, master or
   *     leader first, over the measured call including its 1 s warm-up, so it is divided by all of
   *     that call's operations
   */
  private record Point(InsertBenchmark.Result result, long[] serverCpuNanos, long clientCpuNanos) {
    double perSecond() {
      return result.perSecond();
    }

    double p(double q) {
      return result.latencies().quantileMillis(q);
    }

    /** All servers, then the first and the others apart: {@code 513 (301; 106 + 106)}. */
    String serverCpu() {
      double[] us =
          java.util.Arrays.stream(serverCpuNanos)
              .mapToDouble(n -> n / 1e3 / result.allOperations())
              .toArray();
      StringBuilder others = new StringBuilder();
      for (int i = 1; i < us.length; i++) {
        others.append(i == 1 ? "" : " + ").append(Math.round(us[i]));
      }
      return String.format("%.0f (%.0f; %s)", java.util.Arrays.stream(us).sum(), us[0], others);
    }

    double clientMicrosPerOp() {
      return clientCpuNanos / 1e3 / result.allOperations();
    }
  }

  private record Row(Point metaFe, Point etcd) {
    double ratio() {
      return metaFe.perSecond() / etcd.perSecond();
    }
  }

  private static Point measureMetaFe(
      String url, List<Long> fePids, int clients, int seconds, int warmup, String value)
      throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS bench");
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute(
          "CREATE TABLE "
              + TABLE
              + " (k BIGINT NOT NULL, v VARCHAR(600)) DUPLICATE KEY(k)"
              + " DISTRIBUTED BY HASH(k) BUCKETS 8");
    }
    AtomicLong keys = new AtomicLong();
    return measure(
        clients,
        seconds,
        warmup,
        fePids,
        () -> {
          Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          return new InsertBenchmark.Op() {
            @Override
            public void run() throws Exception {
              s.executeUpdate(
                  "INSERT INTO "
                      + TABLE
                      + " VALUES ("
                      + keys.incrementAndGet()
                      + ", '"
                      + value
                      + "')");
            }

            @Override
            public void close() throws SQLException {
              c.close();
            }
          };
        });
  }

  private static Point measureEtcd(
      EtcdCluster cluster, KV kv, int point, int clients, int seconds, int warmup, String text)
      throws Exception {
    ByteSequence prefix = ByteSequence.from("bench/", StandardCharsets.UTF_8);
    DeleteResponse deleted =
        kv.delete(prefix, DeleteOption.builder().isPrefix(true).build())
            .get(5 * OP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (deleted.getDeleted() > 0) {
      kv.compact(
              deleted.getHeader().getRevision(),
              CompactOption.builder().withCompactPhysical(true).build())
          .get(5 * OP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    ByteSequence value = ByteSequence.from(text, StandardCharsets.US_ASCII);
    AtomicLong keys = new AtomicLong();
    String keyPrefix = "bench/" + point + "/";
    return measure(
        clients,
        seconds,
        warmup,
        cluster.pidsLeaderFirst(),
        () ->
            new InsertBenchmark.Op() {
              @Override
              public void run() throws Exception {
                ByteSequence key =
                    ByteSequence.from(
                        keyPrefix + keys.incrementAndGet(), StandardCharsets.US_ASCII);
                kv.put(key, value).get(OP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
              }

              @Override
              public void close() {}
            });
  }

  /**
   * A warm-up of {@code warmup} seconds at this concurrency, then the measured call (with its own 1
   * s warm-up).
   */
  private static Point measure(
      int clients, int seconds, int warmup, List<Long> serverPids, InsertBenchmark.OpFactory ops)
      throws Exception {
    if (warmup > 0) {
      InsertBenchmark.runThreads(clients, warmup - 1, ops);
    }
    long[] server = cpuNanos(serverPids);
    long client = InsertBenchmark.selfCpuNanos();
    InsertBenchmark.Result r = InsertBenchmark.runThreads(clients, seconds, ops);
    long[] used = cpuNanos(serverPids);
    for (int i = 0; i < used.length; i++) {
      used[i] -= server[i];
    }
    return new Point(r, used, InsertBenchmark.selfCpuNanos() - client);
  }

  private static long[] cpuNanos(List<Long> pids) throws java.io.IOException {
    long[] each = new long[pids.size()];
    for (int i = 0; i < each.length; i++) {
      each[i] = InsertBenchmark.processCpuNanos(pids.get(i));
    }
    return each;
  }

  /** 512 ASCII characters, so the same 512 bytes in a VARCHAR and in an etcd value. */
  private static String payload() {
    StringBuilder b = new StringBuilder(VALUE_BYTES);
    for (int i = 0; i < VALUE_BYTES; i++) {
      b.append((char) ('a' + i % 26));
    }
    return b.toString();
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String version(Path etcd) {
    FeProcess.Result r =
        FeProcess.runClient(
            List.of(etcd.toString(), "--version"), java.time.Duration.ofSeconds(30));
    String first = r.stdout().lines().findFirst().orElse("etcd ?");
    return first.replace("Version:", "").replaceAll("\\s+", " ").strip();
  }

  /**
   * Three etcd members on 127.0.0.1, child processes of this JVM, each with its own data directory
   * under one temporary root. Closing kills them by pid and deletes the root; a shutdown hook does
   * the same if the benchmark is interrupted.
   */
  static final class EtcdCluster implements AutoCloseable {
    private final Path root;
    private final List<Process> members = new ArrayList<>();
    private final List<String> clientUrls = new ArrayList<>();
    private final Thread cleanup;

    EtcdCluster(Path binary, int size) throws Exception {
      root = Files.createTempDirectory("metafe-etcd-");
      cleanup = new Thread(this::kill, "etcd-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      List<String> peerUrls = new ArrayList<>();
      StringBuilder initial = new StringBuilder();
      for (int i = 0; i < size; i++) {
        // FeProcess hands out ports below the ephemeral range and never twice in this JVM, so etcd
        // and the FEs started later cannot collide.
        clientUrls.add("http://127.0.0.1:" + FeProcess.freePort());
        peerUrls.add("http://127.0.0.1:" + FeProcess.freePort());
        initial.append(i == 0 ? "" : ",").append("m").append(i).append('=').append(peerUrls.get(i));
      }
      try {
        for (int i = 0; i < size; i++) {
          ProcessBuilder pb =
              new ProcessBuilder(
                  binary.toString(),
                  "--name",
                  "m" + i,
                  "--data-dir",
                  root.resolve("m" + i + ".etcd").toString(),
                  "--listen-client-urls",
                  clientUrls.get(i),
                  "--advertise-client-urls",
                  clientUrls.get(i),
                  "--listen-peer-urls",
                  peerUrls.get(i),
                  "--initial-advertise-peer-urls",
                  peerUrls.get(i),
                  "--initial-cluster",
                  initial.toString(),
                  "--initial-cluster-state",
                  "new",
                  "--initial-cluster-token",
                  root.getFileName().toString());
          pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
          pb.redirectErrorStream(true);
          pb.redirectOutput(root.resolve("m" + i + ".log").toFile());
          // Settings from a developer's shell (ETCD_UNSAFE_NO_FSYNC, ...) would change what is
          // measured.
          pb.environment().keySet().removeIf(k -> k.startsWith("ETCD_"));
          members.add(pb.start());
        }
        leader();
      } catch (Exception | Error e) {
        close();
        throw e;
      }
    }

    /** The members' pids, the current leader's first. */
    List<Long> pidsLeaderFirst() throws Exception {
      int leader = clientUrls.indexOf(leader());
      List<Long> pids = new ArrayList<>(List.of(members.get(leader).pid()));
      for (int i = 0; i < members.size(); i++) {
        if (i != leader) {
          pids.add(members.get(i).pid());
        }
      }
      return pids;
    }

    /** The leader's client URL, once all members agree on one (up to 60 s after the start). */
    String leader() throws Exception {
      return endpoints(true).get(0);
    }

    String aFollower() throws Exception {
      return endpoints(false).get(0);
    }

    private List<String> endpoints(boolean leader) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Exception last = null;
      try (Client admin = Client.builder().endpoints(clientUrls.toArray(String[]::new)).build()) {
        while (System.nanoTime() < deadline) {
          for (Process p : members) {
            if (!p.isAlive()) {
              throw new IllegalStateException(
                  "etcd pid "
                      + p.pid()
                      + " exited with "
                      + p.exitValue()
                      + "; logs in "
                      + root
                      + ":\n"
                      + logs());
            }
          }
          try {
            List<String> leaders = new ArrayList<>();
            List<String> followers = new ArrayList<>();
            long leaderId = 0;
            boolean agree = true;
            for (String url : clientUrls) {
              StatusResponse s =
                  admin
                      .getMaintenanceClient()
                      .statusMember(url.substring("http://".length()))
                      .get(2, TimeUnit.SECONDS);
              agree &= s.getLeader() != 0 && (leaderId == 0 || leaderId == s.getLeader());
              leaderId = s.getLeader();
              (s.getHeader().getMemberId() == s.getLeader() ? leaders : followers).add(url);
            }
            if (agree && leaders.size() == 1) {
              return leader ? leaders : followers;
            }
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException e) {
            last = e;
          }
          Thread.sleep(200);
        }
      }
      throw new IllegalStateException(
          "etcd members did not agree on a leader within 60 s; logs in " + root + ":\n" + logs(),
          last);
    }

    private String logs() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < members.size(); i++) {
        try {
          b.append("--- m")
              .append(i)
              .append(" ---\n")
              .append(FeProcess.tail(Files.readString(root.resolve("m" + i + ".log")), 15))
              .append('\n');
        } catch (java.io.IOException e) {
          b.append(e).append('\n');
        }
      }
      return b.toString();
    }

    private void kill() {
      for (Process p : members) {
        p.destroyForcibly();
      }
      for (Process p : members) {
        try {
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            System.err.println("etcd pid " + p.pid() + " still alive 30 s after SIGKILL");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        InsertBenchmark.deleteTree(root);
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        System.err.println("could not delete " + root + ": " + e);
      }
    }

    @Override
    public void close() {
      kill();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or has run anyway
      }
    }
  }

  private EtcdBenchmark() {}
}
