package io.metafe.bench;

import io.metafe.it.FeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metadata failure recovery time: a 3-follower cluster is loaded with about 1M objects and 100k
 * journal entries, every FE is killed (quorum lost), then each FE in turn is recovered from its own
 * meta_dir with {@code metadata_failure_recovery=true}, timing {@code bin/start_fe.sh --daemon} to
 * the first acknowledged INSERT. No timed checkpoint runs and a killed FE writes no final image, so
 * recovery reads the whole journal twice, once to find the other FEs for the split-brain guard and
 * once to replay it (the worst case). With {@code stop} as the third argument the FEs are stopped
 * gracefully instead, as the runbook says, and each writes a final image. Usage: {@code
 * bench/run.sh recovery [rows] [entries] [kill|stop]}.
 */
public final class RecoveryBenchmark {
  private static final Map<String, String> CONF =
      Map.of(
          "JAVA_OPTS",
          "-Xmx1g -XX:+UseG1GC",
          "edit_log_roll_num",
          "100000000",
          "checkpoint_interval_second",
          "0");

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    boolean graceful = args.length > 2 && args[2].equals("stop");
    List<FeProcess> fes = new ArrayList<>();
    try {
      FeProcess master = FeProcess.create(CONF).startOrFail();
      fes.add(master);
      for (int i = 0; i < 2; i++) {
        FeProcess fe = FeProcess.create(CONF);
        fes.add(fe);
        exec(master, "ALTER SYSTEM ADD FOLLOWER \"" + fe.helperAddress() + "\"");
        fe.startOrFail("--helper", master.helperAddress() + ":" + master.httpPort());
      }
      long t0 = System.nanoTime();
      load(master, rows, entries);
      System.out.printf(
          "loaded %,d rows in 10 tables and %,d single-row entries in %.1f s%n",
          rows, entries, (System.nanoTime() - t0) / 1e9);
      for (FeProcess fe : fes) {
        if (graceful) {
          fe.stop();
        } else {
          fe.kill9();
        }
      }
      System.out.println(
          graceful
              ? "every FE stopped with stop_fe.sh (each wrote a final image)"
              : "every FE killed with kill -9 (no image anywhere)");
      System.out.println(
          "| trial | FE | start_fe.sh --daemon returned s | first acknowledged write s |");
      System.out.println("|---|---|---|---|");
      List<Double> firsts = new ArrayList<>();
      for (int trial = 0; trial < fes.size(); trial++) {
        FeProcess fe = fes.get((trial + 1) % fes.size());
        Files.writeString(
            fe.confFile(),
            "\nmetadata_failure_recovery=true\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        long s0 = System.nanoTime();
        FeProcess.Result r = fe.start();
        double started = (System.nanoTime() - s0) / 1e9;
        if (r.exitCode() != 0) {
          throw new IllegalStateException("recovery start failed: " + r + "\n" + fe.diagnostics());
        }
        exec(fe, "INSERT INTO bench.t0 VALUES (-1, 'recovered')");
        double first = (System.nanoTime() - s0) / 1e9;
        firsts.add(first);
        System.out.printf(
            "| %d | %s | %.2f | %.2f |%n",
            trial + 1, fe.roleFile().getProperty("name"), started, first);
        fe.stop();
      }
      Collections.sort(firsts);
      double median = firsts.get(firsts.size() / 2);
      System.out.printf(
          "%nmedian start-to-first-write: %.2f s (goal <= 10 s: %s)%n",
          median, median <= 10 ? "PASS" : "FAIL");
    } finally {
      fes.forEach(FeProcess::close);
    }
  }

  private static void load(FeProcess master, long rows, int entries) throws Exception {
    exec(master, "CREATE DATABASE bench");
    for (int t = 0; t < 10; t++) {
      exec(
          master,
          "CREATE TABLE bench.t" + t + " (k BIGINT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(k)");
    }
    int perStatement = 1000;
    try (Connection c = DriverManager.getConnection(master.jdbcUrl());
        Statement s = c.createStatement()) {
      for (long done = 0; done < rows; done += perStatement) {
        StringBuilder sql =
            new StringBuilder("INSERT INTO bench.t" + (done / perStatement % 10) + " VALUES ");
        for (int i = 0; i < perStatement; i++) {
          sql.append(i == 0 ? "" : ",")
              .append('(')
              .append(done + i)
              .append(",'value-")
              .append(done + i)
              .append("')");
        }
        s.executeUpdate(sql.toString());
      }
    }
    AtomicLong next = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      Thread t =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(master.jdbcUrl());
                    Statement s = c.createStatement()) {
                  for (long k = next.getAndIncrement(); k < entries; k = next.getAndIncrement()) {
                    s.executeUpdate(
                        "INSERT INTO bench.t" + (k % 10) + " VALUES (" + (rows + k) + ", 'e')");
                  }
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      writers.add(t);
      t.start();
    }
    for (Thread t : writers) {
      t.join();
    }
  }

  private static void exec(FeProcess fe, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
