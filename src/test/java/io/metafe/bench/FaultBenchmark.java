package io.metafe.bench;

import io.metafe.it.FaultRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The full fault run: {@code rounds} rounds of kill -9 of the master, SIGSTOP of the master, a
 * network cut of the master (where the machine can: root and nftables) and a kill -9 of a FOLLOWER
 * or the OBSERVER (alternating), under concurrent writers on every FE; reports each fault's
 * recovery time (median and max) and what the final checks found.
 *
 * <p>Usage: {@code bench/run.sh faults [rounds] [writers] [pause-seconds] [key=value,...]},
 * defaults 5, 16, 8 and none; the last sets fe.conf keys on every FE, for tuning runs.
 */
public final class FaultBenchmark {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int writers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int pause = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    if (args.length > 3) {
      for (String pair : args[3].split(",")) {
        String[] kv = pair.split("=", 2);
        conf.put(kv[0].strip(), kv[1].strip());
      }
    }
    Map<FaultRun.Fault, List<Double>> times = new EnumMap<>(FaultRun.Fault.class);
    long started = System.nanoTime();
    java.util.Optional<String> noCuts = FaultRun.networkCutsUnavailable();
    noCuts.ifPresent(why -> System.out.println("# no network cut of the master: " + why));
    try (FaultRun run = new FaultRun(writers, Duration.ofSeconds(pause), conf, noCuts.isEmpty())) {
      run.start();
      int cycle = 0;
      for (int r = 0; r < rounds; r++) {
        FaultRun.Fault third =
            r % 2 == 0 ? FaultRun.Fault.KILL_FOLLOWER : FaultRun.Fault.KILL_OBSERVER;
        List<FaultRun.Fault> faults = new ArrayList<>(FaultRun.masterFaults(noCuts.isEmpty()));
        faults.add(third);
        for (FaultRun.Fault fault : faults) {
          FaultRun.Recovery rec = run.inject(++cycle, fault);
          System.out.printf(
              "cycle %2d %-13s at %s, first acknowledged write after %.2f s%n",
              cycle, fault, rec.at(), rec.recoverySeconds());
          times.computeIfAbsent(fault, f -> new ArrayList<>()).add(rec.recoverySeconds());
        }
      }
      FaultRun.Report report = run.finish();
      System.out.printf(
          "%n%d rounds, %d writers through 4 FEs (3 FOLLOWERs, 1 OBSERVER), SIGSTOP and cut %d s, fe.conf %s,"
              + " %.0f s in all%n",
          rounds, writers, pause, conf, (System.nanoTime() - started) / 1e9);
      for (Map.Entry<FaultRun.Fault, List<Double>> e : times.entrySet()) {
        List<Double> sorted = e.getValue().stream().sorted().toList();
        System.out.printf(
            "%-13s median %.2f s, max %.2f s over %d %s%n",
            e.getKey(),
            sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1),
            sorted.size(),
            sorted);
      }
      System.out.printf(
          "acknowledged %d, unknown outcome %d, lost %d, doubled %d, checksums equal: %s%n",
          report.acknowledged(),
          report.unknown(),
          report.lost(),
          report.duplicated(),
          report.converged());
      System.out.printf("process exits not caused by the run: %d%n", report.exits().size());
      report.exits().forEach(line -> System.out.println("  " + line));
    }
  }
}
