package io.metafe.bench;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.Durability;
import com.sleepycat.je.EnvironmentConfig;
import com.sleepycat.je.Transaction;
import com.sleepycat.je.TransactionConfig;
import com.sleepycat.je.rep.NodeType;
import com.sleepycat.je.rep.ReplicatedEnvironment;
import com.sleepycat.je.rep.ReplicationConfig;
import io.metafe.it.FeProcess;
import io.metafe.records.InsertRows;
import io.metafe.records.RecordCodec;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster measurements on 127.0.0.1: INSERT throughput on 3 followers + 1 observer against a raw
 * bdbje HA group of 3 electable + 1 secondary nodes with the same durability (same run), and
 * failover time from {@code kill -9} or {@code SIGSTOP} of the master to the first acknowledged
 * write on a survivor.
 *
 * <p>Usage: {@code bench/run.sh cluster [seconds-per-point]} and {@code bench/run.sh failover
 * [trials]}.
 */
public final class ClusterBenchmark {
  private static final Map<String, String> PRODUCT_JVM =
      Map.of("JAVA_OPTS", "-Xmx512m -XX:+UseG1GC");

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "cluster";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : (mode.equals("cluster") ? 10 : 5);
    if (mode.equals("failover")) {
      failover(n);
    } else {
      throughput(n);
    }
  }

  /** Starts a master and joins followers and observers through it. */
  static List<FeProcess> cluster(int followers, int observers) throws Exception {
    List<FeProcess> all = new ArrayList<>();
    FeProcess master = FeProcess.create(PRODUCT_JVM).startOrFail();
    all.add(master);
    for (int i = 0; i < followers + observers; i++) {
      FeProcess fe = FeProcess.create(PRODUCT_JVM);
      all.add(fe);
      try (Connection c = DriverManager.getConnection(master.jdbcUrl());
          Statement s = c.createStatement()) {
        s.execute(
            "ALTER SYSTEM ADD "
                + (i < followers ? "FOLLOWER" : "OBSERVER")
                + " \""
                + fe.helperAddress()
                + "\"");
      }
      fe.startOrFail("--helper", master.helperAddress() + ":" + master.httpPort());
    }
    return all;
  }

  static void throughput(int seconds) throws Exception {
    int entrySize =
        RecordCodec.encode(
                new InsertRows(
                    10_001,
                    10_002,
                    List.<Object[]>of(new Object[] {123_456L, "row-value-123456", 3.25d})))
            .length;
    System.out.printf(
        "3 FOLLOWERs + 1 OBSERVER vs raw bdbje HA 3 electable + 1 secondary; %d s per point;"
            + " SYNC/SYNC/SIMPLE_MAJORITY; %d-byte entries%n",
        seconds, entrySize);
    System.out.println(
        "| connections | MetaFE inserts/s | p50 ms | p99 ms | raw JE HA commits/s | p50 ms | p99 ms"
            + " | ratio |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    List<FeProcess> fes = cluster(2, 1);
    List<RawGroup> raw = new ArrayList<>();
    try {
      String url = fes.get(0).jdbcUrl();
      InsertBenchmark.prepare(url);
      RawGroup group = new RawGroup(Files.createTempDirectory("raw-ha"));
      raw.add(group);
      InsertBenchmark.runSql(url, 8, 3);
      group.run(8, 3, entrySize);
      for (int c : new int[] {1, 8, 32}) {
        InsertBenchmark.Result sql = InsertBenchmark.runSql(url, c, seconds);
        InsertBenchmark.Result je = group.run(c, seconds, entrySize);
        System.out.printf(
            "| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f |%n",
            c,
            sql.perSecond(),
            sql.latencies().quantileMillis(0.5),
            sql.latencies().quantileMillis(0.99),
            je.perSecond(),
            je.latencies().quantileMillis(0.5),
            je.latencies().quantileMillis(0.99),
            sql.perSecond() / je.perSecond());
      }
    } finally {
      for (RawGroup g : raw) {
        g.close();
      }
      fes.forEach(FeProcess::close);
    }
  }

  /** Three electable JE nodes and one secondary in this JVM, writing on the master. */
  static final class RawGroup implements java.io.Closeable {
    private final List<ReplicatedEnvironment> envs = new ArrayList<>();
    private final Path root;
    private final Database db;
    private final ReplicatedEnvironment master;
    private final TransactionConfig txn;
    private final AtomicLong keys = new AtomicLong();

    RawGroup(Path root) throws Exception {
      this.root = root;
      Durability durability =
          new Durability(
              Durability.SyncPolicy.SYNC,
              Durability.SyncPolicy.SYNC,
              Durability.ReplicaAckPolicy.SIMPLE_MAJORITY);
      String helper = null;
      for (int i = 0; i < 4; i++) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        String self = "127.0.0.1:" + port;
        helper = helper == null ? self : helper;
        EnvironmentConfig ec = new EnvironmentConfig();
        ec.setAllowCreate(true);
        ec.setTransactional(true);
        ec.setDurability(durability);
        ec.setCachePercent(10);
        ReplicationConfig rc = new ReplicationConfig("RAW", "raw" + i, self);
        rc.setHelperHosts(helper);
        rc.setNodeType(i < 3 ? NodeType.ELECTABLE : NodeType.SECONDARY);
        Path home = Files.createDirectories(root.resolve("n" + i));
        envs.add(new ReplicatedEnvironment(home.toFile(), rc, ec));
      }
      master = envs.get(0);
      db =
          master.openDatabase(
              null, "1", new DatabaseConfig().setAllowCreate(true).setTransactional(true));
      txn = new TransactionConfig().setDurability(durability);
    }

    InsertBenchmark.Result run(int threads, int seconds, int entrySize) throws Exception {
      return InsertBenchmark.runThreads(
          threads,
          seconds,
          () ->
              new InsertBenchmark.Op() {
                private final byte[] value = new byte[entrySize];

                @Override
                public void run() {
                  DatabaseEntry key = new DatabaseEntry();
                  com.sleepycat.bind.tuple.LongBinding.longToEntry(keys.incrementAndGet(), key);
                  Transaction t = master.beginTransaction(null, txn);
                  db.put(t, key, new DatabaseEntry(value));
                  t.commit();
                }

                @Override
                public void close() {}
              });
    }

    @Override
    public void close() throws java.io.IOException {
      db.close();
      for (int i = envs.size() - 1; i >= 1; i--) {
        envs.get(i).close();
      }
      envs.get(0).close();
      InsertBenchmark.deleteTree(root);
    }
  }

  static void failover(int trials) throws Exception {
    List<FeProcess> fes = cluster(2, 0);
    try {
      try (Connection c = DriverManager.getConnection(fes.get(0).jdbcUrl());
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE fo");
        s.execute("CREATE TABLE fo.t (k BIGINT NOT NULL) DUPLICATE KEY(k)");
      }
      List<Double> killed = new ArrayList<>();
      List<Double> hung = new ArrayList<>();
      for (int trial = 0; trial < trials * 2; trial++) {
        boolean stop = trial % 2 == 1;
        FeProcess master = findMaster(fes);
        long t0 = System.nanoTime();
        if (stop) {
          master.sigstop();
        } else {
          master.kill9();
        }
        firstWrite(fes, master, trial);
        double secs = (System.nanoTime() - t0) / 1e9;
        (stop ? hung : killed).add(secs);
        System.out.printf(
            "trial %d: %s of the master -> first acknowledged write after %.2f s%n",
            trial + 1, stop ? "SIGSTOP" : "kill -9", secs);
        if (stop) {
          master.sigcont();
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (master.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
        }
        if (master.isAlive()) {
          master.kill9();
        }
        master.startOrFail();
        Thread.sleep(3000);
      }
      System.out.printf(
          "kill -9: median %.2f s over %d trials %s%n", median(killed), killed.size(), killed);
      System.out.printf(
          "SIGSTOP: median %.2f s over %d trials %s%n", median(hung), hung.size(), hung);
    } finally {
      fes.forEach(FeProcess::close);
    }
  }

  private static FeProcess findMaster(List<FeProcess> fes) throws Exception {
    for (FeProcess fe : fes) {
      if (!fe.isAlive()) {
        continue;
      }
      try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SHOW FRONTENDS")) {
        String self = fe.roleFile().getProperty("name");
        while (rs.next()) {
          if (rs.getString("Name").equals(self) && rs.getString("IsMaster").equals("true")) {
            return fe;
          }
        }
      }
    }
    throw new IllegalStateException("no master");
  }

  /** Tries every survivor directly (no forwarding) until one acknowledges a write. */
  private static void firstWrite(List<FeProcess> fes, FeProcess dead, int trial) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (FeProcess fe : fes) {
        if (fe == dead) {
          continue;
        }
        try (Connection c =
                DriverManager.getConnection(
                    fe.jdbcUrl() + "&connectTimeout=1000&socketTimeout=2000");
            Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO fo.t VALUES (" + trial + ")");
          return;
        } catch (java.sql.SQLException notYet) {
          // no master yet
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no write succeeded within 60 s");
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
