package io.metafe.bench;

import io.metafe.it.FeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Quorum loss and whole-cluster restart on one cluster of 3 FOLLOWERs started by {@code
 * bin/start_fe.sh}.
 *
 * <p>Quorum loss: {@code kill -9} of both non-master FOLLOWERs, then how long a single-row INSERT
 * on the master takes to be refused, whether reads still work, how long {@code start_fe.sh} of one
 * of them takes, and how long from its return to the first acknowledged INSERT on the same master.
 * Whole-cluster restart: every FE stopped with {@code stop_fe.sh}, then started one at a time in a
 * rotating order; each {@code start_fe.sh} is timed, and the time from the second one's return to
 * the first acknowledged INSERT.
 *
 * <p>Usage: {@code bench/run.sh quorum [trials]}.
 */
public final class QuorumBenchmark {
  private static final Map<String, String> PRODUCT_JVM =
      Map.of("JAVA_OPTS", "-Xmx512m -XX:+UseG1GC");
  private static final String TABLE = "quorum.t";

  /**
   * "Within a few seconds": the refusal comes after twice bdbje_heartbeat_timeout_second (2 s by
   * default, one retry of the commit), so 4 s plus the statement's own time.
   */
  private static final double REFUSAL_GOAL_SECONDS = 5;

  /** The shipped bdbje_replica_ack_timeout_second (10) and a second for the rest. */
  private static final double UNKNOWN_GOAL_SECONDS = 11;

  private static final double START_GOAL_SECONDS = 15;
  private static final long RETRY_PAUSE_MILLIS = 100;
  private static final long FIRST_WRITE_DEADLINE_SECONDS = 120;
  private static final long ALL_ALIVE_DEADLINE_SECONDS = 90;

  private final List<FeProcess> fes;
  private final Ledger ledger = new Ledger();

  /**
   * What went wrong during the current trial besides the measured failures: FEs that exited, starts
   * refused.
   */
  private final List<String> incidents = new ArrayList<>();

  private QuorumBenchmark(List<FeProcess> fes) {
    this.fes = fes;
  }

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<FeProcess> fes = new ArrayList<>();
    try {
      new QuorumBenchmark(fes).run(trials);
    } finally {
      fes.forEach(FeProcess::close);
    }
  }

  private void run(int trials) throws Exception {
    startCluster();
    execute(fes.get(0), "CREATE DATABASE quorum");
    execute(fes.get(0), "CREATE TABLE " + TABLE + " (k BIGINT NOT NULL) DUPLICATE KEY(k)");
    System.out.println(
        "3 FOLLOWERs on 127.0.0.1, FE JVMs "
            + PRODUCT_JVM.get("JAVA_OPTS")
            + ", shipped fe.conf"
            + " otherwise; "
            + trials
            + " trials each; load average at start "
            + loadAverage());
    for (int i = 0; i < fes.size(); i++) {
      System.out.println("fe" + (i + 1) + " = " + nodeName(fes.get(i)));
    }
    quorumLoss(trials);
    wholeClusterRestart(trials);
    System.out.println();
    System.out.println("Write errors seen, by kind (refused = the FE says nothing changed):");
    ledger.errorKinds.forEach((kind, count) -> System.out.println("- " + count + " x " + kind));
    System.out.println("Load average at the end: " + loadAverage());
  }

  /**
   * Each FE joins the list before it starts, so that the caller's finally kills it even if the
   * start fails.
   */
  private void startCluster() throws Exception {
    FeProcess first = FeProcess.create(PRODUCT_JVM);
    fes.add(first);
    first.startOrFail();
    for (int i = 0; i < 2; i++) {
      FeProcess fe = FeProcess.create(PRODUCT_JVM);
      fes.add(fe);
      execute(first, "ALTER SYSTEM ADD FOLLOWER \"" + fe.helperAddress() + "\"");
      fe.startOrFail("--helper", first.helperAddress() + ":" + first.httpPort());
    }
    awaitAllAlive();
  }

  // ------------------------------------------------------------------------------------------------ quorum loss

  private void quorumLoss(int trials) throws Exception {
    System.out.println();
    System.out.println(
        "### Quorum loss: kill -9 of both non-master FOLLOWERs, then one of them restarted");
    System.out.println();
    System.out.println(
        "| trial | master | 1st INSERT after the kill failed after s | error | next INSERT failed"
            + " after s | error | SELECT during outage ms | start_fe.sh of one follower s | it printed"
            + " | start_fe.sh returned -> first acknowledged INSERT s | failed INSERTs before it | master pid kept"
            + " | incidents |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    List<Double> firstRefusals = new ArrayList<>();
    List<Double> nextRefusals = new ArrayList<>();
    List<Double> followerStarts = new ArrayList<>();
    List<Double> recoveries = new ArrayList<>();
    int firstNamedTheQuorum = 0;
    int firstAsDocumented = 0;
    int nextNamedTheQuorum = 0;
    boolean masterKeptRunning = true;
    int failedStarts = 0;
    for (int trial = 0; trial < trials; trial++) {
      incidents.clear();
      FeProcess master = findMaster();
      long masterPid = master.pid();
      List<FeProcess> followers = new ArrayList<>(fes);
      followers.remove(master);
      Attempt before = ledger.insert(master);
      if (before.outcome() != Outcome.ACKNOWLEDGED) {
        throw new IllegalStateException("the healthy cluster refused a write: " + before.message());
      }
      Attempt firstRefused;
      Attempt nextRefused;
      String select;
      // Connected before the kill, so that the time is the statement's alone.
      try (Connection c = DriverManager.getConnection(url(master, 60_000));
          Statement s = c.createStatement()) {
        for (FeProcess f : followers) {
          f.kill9();
        }
        firstRefused = ledger.insert(c);
        // The first write may have raced the master's noticing the loss; the next one shows the
        // settled state.
        nextRefused = ledger.insert(c);
        long q0 = System.nanoTime();
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
          rs.next();
          long count = rs.getLong(1);
          select = String.format("%.0f (%d rows)", (System.nanoTime() - q0) / 1e6, count);
          if (count < ledger.acknowledged.size()) {
            throw new IllegalStateException(
                "the master shows "
                    + count
                    + " rows but acknowledged "
                    + ledger.acknowledged.size());
          }
        } catch (SQLException e) {
          select = "FAILED: " + e.getMessage();
        }
      }
      firstNamedTheQuorum += namesTheLostQuorum(firstRefused) ? 1 : 0;
      firstAsDocumented += asDocumented(firstRefused) ? 1 : 0;
      nextNamedTheQuorum += namesTheLostQuorum(nextRefused) ? 1 : 0;
      firstRefusals.add(firstRefused.seconds());
      nextRefusals.add(nextRefused.seconds());

      FeProcess restarted = followers.get(trial % 2);
      Started start = startRetryingOnce(restarted);
      followerStarts.add(start.seconds());
      failedStarts += start.failed() ? 1 : 0;
      FirstWrite first = firstWrite(List.of(master));
      recoveries.add(first.seconds());
      boolean samePid = master.isAlive() && master.pid() == masterPid;
      masterKeptRunning &= samePid;
      failedStarts += startRetryingOnce(followers.get((trial + 1) % 2)).failed() ? 1 : 0;
      awaitAllAlive();
      System.out.printf(
          "| %d | %s | %.2f | %s | %.2f | %s | %s | %.2f | %s | %.2f | %d | %s | %s |%n",
          trial + 1,
          label(master),
          firstRefused.seconds(),
          firstRefused.describe(),
          nextRefused.seconds(),
          nextRefused.describe(),
          select,
          start.seconds(),
          start.printed(),
          first.seconds(),
          first.failedAttempts(),
          samePid ? "yes" : "NO",
          incidentsCell());
    }
    Ledger.Verified v = ledger.verify(findMaster());
    System.out.println();
    System.out.println("Rows on the master: " + v);
    System.out.println();
    System.out.println(
        "| measure | median s | max s (stands in for p99 with " + trials + " trials) | goal |");
    System.out.println("|---|---|---|---|");
    summary(
        "1st INSERT after the kill: sent -> error",
        firstRefusals,
        String.format(
            "refused within %.0f s, or,"
                + " when it raced the loss into the master's journal, reported as of unknown outcome within"
                + " bdbje_replica_ack_timeout_second + 1 s = %.0f s: %s (%d of %d; refused naming the FOLLOWERs in %d)",
            REFUSAL_GOAL_SECONDS,
            UNKNOWN_GOAL_SECONDS,
            pass(firstAsDocumented == trials),
            firstAsDocumented,
            trials,
            firstNamedTheQuorum));
    summary(
        "next INSERT: sent -> error", nextRefusals, refusalGoal(nextRefusals, nextNamedTheQuorum));
    summary(
        "start_fe.sh of one killed follower",
        followerStarts,
        "start_fe.sh failures (of " + 2 * trials + " follower starts): " + failedStarts);
    summary(
        "its return -> first acknowledged INSERT on the master",
        recoveries,
        "writes work again without a" + " restart of the master: " + pass(masterKeptRunning));
  }

  private static boolean namesTheLostQuorum(Attempt a) {
    return a.outcome() == Outcome.REFUSED
        && a.errorCode() == 1105
        && a.message().contains("a majority of FOLLOWERs is unreachable");
  }

  /**
   * Refused as a lost quorum in a few seconds, or, racing the loss, an unknown outcome after the
   * ack timeout.
   */
  private static boolean asDocumented(Attempt a) {
    return (namesTheLostQuorum(a) && a.seconds() <= REFUSAL_GOAL_SECONDS)
        || (a.outcome() == Outcome.UNKNOWN && a.seconds() <= UNKNOWN_GOAL_SECONDS);
  }

  private static String refusalGoal(List<Double> seconds, int namedTheQuorum) {
    return String.format(
        "within a few seconds, taken as <= %.0f s (the refusal comes after 2 x"
            + " bdbje_heartbeat_timeout_second = 4 s): %s; 1105 'a majority of FOLLOWERs is unreachable' in %d of %d",
        REFUSAL_GOAL_SECONDS,
        pass(max(seconds) <= REFUSAL_GOAL_SECONDS),
        namedTheQuorum,
        seconds.size());
  }

  // ------------------------------------------------------------------------------------------------ restart

  private void wholeClusterRestart(int trials) throws Exception {
    System.out.println();
    System.out.println(
        "### Whole-cluster restart: stop_fe.sh on all three, then start_fe.sh one at a time");
    System.out.println();
    System.out.println(
        "| trial | start order | stop_fe.sh fe1 / fe2 / fe3 s | 1st start_fe.sh s | it printed"
            + " | 2nd start_fe.sh s | it printed | 2nd returned -> first acknowledged INSERT s | through | 3rd start_fe.sh s | it printed"
            + " | rows | incidents |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    List<Double> firstStarts = new ArrayList<>();
    List<Double> secondStarts = new ArrayList<>();
    List<Double> thirdStarts = new ArrayList<>();
    List<Double> toFirstWrite = new ArrayList<>();
    int firstPrintedWaiting = 0;
    int failedStarts = 0;
    int trialsWithIncidents = 0;
    for (int trial = 0; trial < trials; trial++) {
      incidents.clear();
      List<String> stops = new ArrayList<>();
      for (FeProcess fe : fes) {
        long s0 = System.nanoTime();
        FeProcess.Result r = fe.stop();
        if (r.exitCode() != 0 || fe.isAlive()) {
          throw new IllegalStateException(
              label(fe) + ": stop_fe.sh failed: " + r + "\n" + fe.diagnostics());
        }
        stops.add(String.format("%.2f", (System.nanoTime() - s0) / 1e9));
      }
      List<FeProcess> order = new ArrayList<>(fes);
      Collections.rotate(order, -trial);
      Started first = startRetryingOnce(order.get(0));
      if (first.printed().equals("MetaFE waiting:")) {
        firstPrintedWaiting++;
      }
      Started second = startRetryingOnce(order.get(1));
      FirstWrite write = firstWrite(order.subList(0, 2));
      Started third = startRetryingOnce(order.get(2));
      for (Started st : List.of(first, second, third)) {
        failedStarts += st.failed() ? 1 : 0;
      }
      firstStarts.add(first.seconds());
      secondStarts.add(second.seconds());
      thirdStarts.add(third.seconds());
      toFirstWrite.add(write.seconds());
      awaitAllAlive();
      List<String> rows = new ArrayList<>();
      for (FeProcess fe : fes) {
        rows.add(Long.toString(ledger.verify(fe).rows()));
      }
      trialsWithIncidents += incidents.isEmpty() ? 0 : 1;
      System.out.printf(
          "| %d | %s | %s | %.2f | %s | %.2f | %s | %.2f | %s | %.2f | %s | %s | %s |%n",
          trial + 1,
          label(order.get(0)) + ", " + label(order.get(1)) + ", " + label(order.get(2)),
          String.join(" / ", stops),
          first.seconds(),
          first.printed(),
          second.seconds(),
          second.printed(),
          write.seconds(),
          label(write.through()),
          third.seconds(),
          third.printed(),
          String.join(" / ", rows),
          incidentsCell());
    }
    System.out.println();
    System.out.println("Rows on the master after the last trial: " + ledger.verify(findMaster()));
    System.out.println();
    System.out.println(
        "| measure | median s | max s (stands in for p99 with " + trials + " trials) | goal |");
    System.out.println("|---|---|---|---|");
    List<Double> allStarts = new ArrayList<>(firstStarts);
    allStarts.addAll(secondStarts);
    allStarts.addAll(thirdStarts);
    summary(
        "1st start_fe.sh (no quorum)",
        firstStarts,
        "printed `MetaFE waiting:` in "
            + firstPrintedWaiting
            + " of "
            + trials
            + ": "
            + pass(firstPrintedWaiting == trials));
    summary("2nd start_fe.sh (quorum)", secondStarts, "");
    summary("3rd start_fe.sh", thirdStarts, "");
    summary(
        "every start_fe.sh",
        allStarts,
        String.format(
            "each within %.0f s: %s; start_fe.sh failures: %d of" + " %d",
            START_GOAL_SECONDS,
            pass(max(allStarts) <= START_GOAL_SECONDS && failedStarts == 0),
            failedStarts,
            allStarts.size()));
    summary(
        "2nd start_fe.sh returned -> first acknowledged INSERT",
        toFirstWrite,
        "trials with an incident" + " (included): " + trialsWithIncidents);
  }

  // ------------------------------------------------------------------------------------------------ steps

  /**
   * One plain start as an operator runs it, and, if that failed, a second one.
   *
   * @param seconds how long the first start_fe.sh took, failed or not
   * @param printed its {@code MetaFE started:} or {@code MetaFE waiting:}, or why it failed and
   *     what the retry printed
   */
  private record Started(double seconds, String printed, boolean failed) {}

  /**
   * {@code start_fe.sh --daemon}, plain, as an operator restarts an FE that has its own metadata. A
   * failed start is a finding to record, not a reason to lose the other trials, so it is retried
   * once at once, as an operator would; the caller times what follows from the retry's return.
   */
  private Started startRetryingOnce(FeProcess fe) {
    long t0 = System.nanoTime();
    FeProcess.Result r = fe.start();
    double seconds = (System.nanoTime() - t0) / 1e9;
    String printed = readyLine(r);
    if (!printed.isEmpty()) {
      return new Started(seconds, printed, false);
    }
    String failure =
        String.format(
            "**FAILED** after %.2f s (exit %d: %s)", seconds, r.exitCode(), failureLine(r));
    System.err.println("start_fe.sh failed; retrying once: " + r + "\n" + fe.diagnostics());
    long a0 = System.nanoTime();
    FeProcess.Result again = fe.start();
    String retried = readyLine(again);
    if (retried.isEmpty()) {
      throw new IllegalStateException(
          "start_fe.sh failed twice: " + again + "\n" + fe.diagnostics());
    }
    return new Started(
        seconds,
        String.format(
            "%s; started again in %.2f s: %s", failure, (System.nanoTime() - a0) / 1e9, retried),
        true);
  }

  private static String readyLine(FeProcess.Result r) {
    if (r.exitCode() == 0) {
      for (String line : r.stdout().split("\n")) {
        if (line.startsWith("MetaFE started:") || line.startsWith("MetaFE waiting:")) {
          return line.substring(0, line.indexOf(':') + 1);
        }
      }
    }
    return "";
  }

  /**
   * The one line start_fe.sh gives for a refusal, cut before bdbje's parameters and the hint to
   * fe.log.
   */
  private static String failureLine(FeProcess.Result r) {
    for (String line : r.output().split("\n")) {
      if (line.startsWith("MetaFE failed to start:") || line.startsWith("MetaFE exited")) {
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
      }
    }
    return "no MetaFE line";
  }

  private record FirstWrite(double seconds, FeProcess through, int failedAttempts) {}

  /** INSERTs through each candidate in turn, pausing between rounds, until one is acknowledged. */
  private FirstWrite firstWrite(List<FeProcess> candidates) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + FIRST_WRITE_DEADLINE_SECONDS * 1_000_000_000L;
    int failed = 0;
    while (System.nanoTime() < deadline) {
      restartExited(candidates);
      for (FeProcess fe : candidates) {
        Attempt a = ledger.insert(fe);
        if (a.outcome() == Outcome.ACKNOWLEDGED) {
          return new FirstWrite((System.nanoTime() - t0) / 1e9, fe, failed);
        }
        failed++;
      }
      Thread.sleep(RETRY_PAUSE_MILLIS);
    }
    StringBuilder why =
        new StringBuilder("no INSERT acknowledged within " + FIRST_WRITE_DEADLINE_SECONDS + " s");
    for (FeProcess fe : candidates) {
      why.append('\n').append(fe.diagnostics());
    }
    throw new IllegalStateException(why.toString());
  }

  /**
   * An FE that should run but has exited is recorded with the reason its fe.log gives and started
   * again, as an operator would, so that one exit costs a measurement its time rather than the run
   * its remaining trials.
   */
  private void restartExited(List<FeProcess> shouldRun) {
    for (FeProcess fe : shouldRun) {
      if (fe.isAlive()) {
        continue;
      }
      String why = "no reason in fe.log";
      for (String line : fe.feLog().split("\n")) {
        if (line.contains("FE must stop:") || line.contains("MetaFE failed to start:")) {
          why = line.substring(line.indexOf("] ") + 2);
        }
      }
      Started again = startRetryingOnce(fe);
      incidents.add(
          label(fe)
              + " exited ("
              + (why.length() > 220 ? why.substring(0, 220) + "..." : why)
              + "); started again in "
              + String.format("%.2f", again.seconds())
              + " s: "
              + again.printed());
    }
  }

  private String incidentsCell() {
    return incidents.isEmpty() ? "" : "**" + String.join("; ", incidents) + "**";
  }

  /**
   * Until the master's SHOW FRONTENDS lists every FE as alive, which needs a heartbeat from each.
   */
  private void awaitAllAlive() throws Exception {
    long deadline = System.nanoTime() + ALL_ALIVE_DEADLINE_SECONDS * 1_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      restartExited(fes);
      try {
        FeProcess master = findMaster();
        List<String> alive = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(master, 10_000));
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SHOW FRONTENDS")) {
          while (rs.next()) {
            alive.add(rs.getString("Alive"));
          }
        }
        if (alive.size() == fes.size() && alive.stream().allMatch("true"::equals)) {
          return;
        }
        last = "Alive column " + alive;
      } catch (SQLException | IllegalStateException notYet) {
        last = notYet.getMessage();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "not every FE alive after " + ALL_ALIVE_DEADLINE_SECONDS + " s: " + last);
  }

  /** The FE whose own row in its SHOW FRONTENDS says IsMaster. */
  private FeProcess findMaster() {
    for (FeProcess fe : fes) {
      if (!fe.isAlive()) {
        continue;
      }
      try (Connection c = DriverManager.getConnection(url(fe, 10_000));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW FRONTENDS")) {
        String self = nodeName(fe);
        while (rs.next()) {
          if (rs.getString("Name").equals(self) && rs.getString("IsMaster").equals("true")) {
            return fe;
          }
        }
      } catch (SQLException unreachable) {
        // another FE may answer
      }
    }
    throw new IllegalStateException("no FE reports itself as master");
  }

  // ------------------------------------------------------------------------------------------------ rows

  private enum Outcome {
    ACKNOWLEDGED,
    /** The FE said nothing changed, or the statement never reached it. */
    REFUSED,
    UNKNOWN
  }

  private record Attempt(Outcome outcome, double seconds, int errorCode, String message) {
    String describe() {
      return outcome == Outcome.ACKNOWLEDGED
          ? "none: ACKNOWLEDGED"
          : errorCode
              + " "
              + Ledger.kind(message)
              + (outcome == Outcome.UNKNOWN ? " (outcome unknown)" : "");
    }
  }

  /**
   * Every key a write tried, by what the client was told, so that the table can be checked against
   * it.
   */
  private static final class Ledger {
    final Set<Long> acknowledged = new TreeSet<>();
    final Set<Long> refused = new TreeSet<>();
    final Set<Long> unknown = new TreeSet<>();
    final Map<String, Integer> errorKinds = new TreeMap<>();
    private long nextKey = 1;

    Attempt insert(FeProcess fe) {
      long key = nextKey++;
      long t0 = System.nanoTime();
      Connection c;
      try {
        // The socket timeout bounds an attempt; running into it counts as an unknown outcome, not a
        // refusal.
        c = DriverManager.getConnection(url(fe, 30_000));
      } catch (SQLException neverSent) {
        return record(key, Outcome.REFUSED, t0, neverSent);
      }
      try {
        return execute(c, key, t0);
      } finally {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the outcome is already recorded
        }
      }
    }

    Attempt insert(Connection c) {
      return execute(c, nextKey++, System.nanoTime());
    }

    private Attempt execute(Connection c, long key, long t0) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + key + ")");
        acknowledged.add(key);
        return new Attempt(Outcome.ACKNOWLEDGED, (System.nanoTime() - t0) / 1e9, 0, "");
      } catch (SQLException e) {
        if (acknowledged.contains(key)) {
          // Only closing the statement failed: the write was acknowledged.
          return new Attempt(Outcome.ACKNOWLEDGED, (System.nanoTime() - t0) / 1e9, 0, "");
        }
        String m = String.valueOf(e.getMessage());
        boolean saysNothingChanged =
            m.contains("nothing changed")
                || m.contains("no master is elected right now")
                || m.contains("is no longer the master; retry");
        return record(key, saysNothingChanged ? Outcome.REFUSED : Outcome.UNKNOWN, t0, e);
      }
    }

    private Attempt record(long key, Outcome outcome, long t0, SQLException e) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      (outcome == Outcome.REFUSED ? refused : unknown).add(key);
      errorKinds.merge(
          e.getErrorCode()
              + " "
              + kind(String.valueOf(e.getMessage()))
              + " ("
              + outcome.name().toLowerCase(Locale.ROOT)
              + ")",
          1,
          Integer::sum);
      return new Attempt(outcome, seconds, e.getErrorCode(), String.valueOf(e.getMessage()));
    }

    /** The start of an error message, up to where it begins naming nodes, ids or hosts. */
    static String kind(String message) {
      int end = message.length();
      for (char c : new char[] {':', ',', '(', ';'}) {
        int i = message.indexOf(c);
        if (i > 0) {
          end = Math.min(end, i);
        }
      }
      return message.substring(0, end).strip();
    }

    record Verified(
        long rows, int acknowledged, int refused, int unknownPresent, int unknownAbsent) {
      @Override
      public String toString() {
        return rows
            + " rows: all "
            + acknowledged
            + " acknowledged present, none of "
            + refused
            + " refused present"
            + (unknownPresent + unknownAbsent == 0
                ? ""
                : ", of "
                    + (unknownPresent + unknownAbsent)
                    + " with unknown outcome "
                    + unknownPresent
                    + " present");
      }
    }

    /**
     * Fails unless the FE shows every acknowledged key and no refused one, waiting a bounded time
     * for it to replay the newest writes.
     */
    Verified verify(FeProcess fe) throws Exception {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        Set<Long> present = new HashSet<>();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(url(fe, 30_000));
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT k FROM " + TABLE)) {
          while (rs.next()) {
            present.add(rs.getLong(1));
            rows++;
          }
        }
        Set<Long> missing = new TreeSet<>(acknowledged);
        missing.removeAll(present);
        Set<Long> refusedPresent = new TreeSet<>(refused);
        refusedPresent.retainAll(present);
        Set<Long> unexpected = new TreeSet<>(present);
        unexpected.removeAll(acknowledged);
        unexpected.removeAll(unknown);
        unexpected.removeAll(refused);
        boolean duplicates = rows != present.size();
        if (!refusedPresent.isEmpty() || !unexpected.isEmpty() || duplicates) {
          throw new IllegalStateException(
              "rows on "
                  + nodeName(fe)
                  + ": refused but present "
                  + refusedPresent
                  + ", never written "
                  + unexpected
                  + ", duplicates "
                  + duplicates);
        }
        if (missing.isEmpty()) {
          Set<Long> unknownPresent = new TreeSet<>(unknown);
          unknownPresent.retainAll(present);
          return new Verified(
              rows,
              acknowledged.size(),
              refused.size(),
              unknownPresent.size(),
              unknown.size() - unknownPresent.size());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "acknowledged rows missing on " + nodeName(fe) + ": " + missing);
        }
        Thread.sleep(200);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** The FE's URL with this socket timeout; Connector/J takes the last of repeated properties. */
  private static String url(FeProcess fe, int socketTimeoutMillis) {
    return fe.jdbcUrl() + "&connectTimeout=2000&socketTimeout=" + socketTimeoutMillis;
  }

  private static void execute(FeProcess fe, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String nodeName(FeProcess fe) {
    return fe.roleFile().getProperty("name");
  }

  private String label(FeProcess fe) {
    return "fe" + (fes.indexOf(fe) + 1);
  }

  private static void summary(String measure, List<Double> values, String goal) {
    System.out.printf("| %s | %.2f | %.2f | %s |%n", measure, median(values), max(values), goal);
  }

  private static String pass(boolean met) {
    return met ? "PASS" : "**FAIL**";
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double max(List<Double> values) {
    return Collections.max(values);
  }
}
