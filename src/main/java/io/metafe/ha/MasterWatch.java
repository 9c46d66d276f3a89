package io.metafe.ha;

import io.metafe.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's own check that the master answers, so that a paused or cut-off master is replaced in
 * about a second instead of bdbje's 2 to 3 s (bdbje checks its heartbeat timeout on a one-second
 * timer, in whole seconds). Every {@link #PERIOD} it looks whether the master bdbje names has
 * answered its last probe; once the master has not answered for {@code silence}, it has bdbje drop
 * its connection to that master, after which bdbje holds an election straight away. A master that
 * is merely slow loses nothing: the replica reconnects, and an election that finds the master alive
 * keeps it (it holds the newest journal), and repeated drops of a master that keeps being
 * re-elected back off (see {@link #FIRST_HOLD}). Replica-side role service: started and closed by
 * {@link RoleController}. Thread-safe.
 */
public final class MasterWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterWatch.class);

  /**
   * How often the watch looks. A probe is sent at a look when none is in flight, so a probe that
   * hangs on a paused master never delays the look that counts the silence.
   */
  static final Duration PERIOD = Duration.ofMillis(100);

  /**
   * How often a probe is sent at most: every other look. Probing at every look would double the
   * master's HTTP work (each replica's probes cost the master measurable CPU) for at most 100 ms
   * sooner detection.
   */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

  /** Asks one FE, by node name, whether it answers within {@code timeout}; never blocks. */
  @FunctionalInterface
  public interface Probe {
    CompletableFuture<Boolean> ask(String node, Duration timeout);
  }

  /**
   * The hold-off after the first of several drops of the same master in a row. A master that a
   * quorum re-elects after this FE dropped it was alive, so this FE's doubt was likely wrong (a
   * slow or lossy path from here); each further drop in a row waits twice as long, so a replica
   * that keeps doubting a live master cannot keep the cluster without a quorum of acks.
   */
  static final Duration FIRST_HOLD = Duration.ofSeconds(1);

  /**
   * The longest hold-off, and the calm (answers with no drop) that forgives the drops. Past bdbje's
   * own heartbeat timeout, so at the cap a doubting replica defers to bdbje's detection.
   */
  static final Duration LONGEST_HOLD = Duration.ofSeconds(8);

  /**
   * What the watch decides from one probe; pure, so that its timing is tested on a manual clock.
   * Not thread-safe: one watch thread owns it.
   */
  static final class Tracker {
    private final long silenceNanos;
    private String master;
    private long lastAnswer;
    private String dropped;
    private int dropsInARow;
    private long lastDrop;

    Tracker(Duration silence) {
      this.silenceNanos = silence.toNanos();
    }

    /**
     * @param master the master bdbje names now, or null when none (or this FE) is master
     * @return true when the connection to {@code master} should be dropped now
     */
    boolean observe(String master, boolean answered, long nowNanos) {
      if (master == null) {
        this.master = null;
        return false;
      }
      if (!master.equals(this.master)) {
        // A master newly named is given the whole silence before it is doubted.
        this.master = master;
        lastAnswer = nowNanos;
        if (!master.equals(dropped)) {
          dropped = null;
          dropsInARow = 0;
        }
      }
      if (answered) {
        lastAnswer = nowNanos;
        if (dropsInARow > 0 && nowNanos - lastDrop >= LONGEST_HOLD.toNanos()) {
          dropsInARow = 0;
        }
        return false;
      }
      if (nowNanos - lastAnswer < silenceNanos) {
        return false;
      }
      if (dropsInARow > 0 && nowNanos - lastDrop < holdAfter(dropsInARow).toNanos()) {
        return false;
      }
      // Once dropped, the master is given the whole silence again before the next drop.
      dropsInARow = master.equals(dropped) ? dropsInARow + 1 : 1;
      dropped = master;
      lastDrop = nowNanos;
      lastAnswer = nowNanos;
      return true;
    }

    /** How many times in a row the master was dropped, counting the drop just decided. */
    int dropsInARow() {
      return dropsInARow;
    }

    static Duration holdAfter(int drops) {
      if (drops <= 0) {
        return Duration.ZERO;
      }
      Duration hold = FIRST_HOLD.multipliedBy(1L << Math.min(drops - 1, 10));
      return hold.compareTo(LONGEST_HOLD) < 0 ? hold : LONGEST_HOLD;
    }
  }

  private final Clock clock;
  private final Supplier<String> master;
  private final Probe probe;
  private final Supplier<Boolean> dropConnection;
  private final Duration silence;
  private final Duration probeTimeout;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param master the master bdbje names, or null when none is known or this FE is master
   * @param dropConnection has bdbje close its connection to the master; false when there was none
   * @param silence how long the master may stay silent; zero turns the watch off
   */
  public MasterWatch(
      Clock clock,
      Supplier<String> master,
      Probe probe,
      Supplier<Boolean> dropConnection,
      Duration silence) {
    this.clock = clock;
    this.master = master;
    this.probe = probe;
    this.dropConnection = dropConnection;
    this.silence = silence;
    // A probe never outlasts half the silence, so at least two go unanswered before a drop.
    this.probeTimeout = min(Duration.ofMillis(400), silence.dividedBy(2));
    this.thread = new Thread(this::run, "master-watch");
    this.thread.setDaemon(true);
  }

  public MasterWatch start() {
    if (!silence.isZero()) {
      thread.start();
    }
    return this;
  }

  private void run() {
    Tracker tracker = new Tracker(silence);
    String probed = null;
    CompletableFuture<Boolean> inFlight = null;
    long lastProbe = clock.nanos() - PROBE_INTERVAL.toNanos();
    while (running) {
      try {
        clock.sleep(PERIOD);
        String m = master.get();
        boolean answered = m == null;
        if (inFlight != null && inFlight.isDone()) {
          answered |= m != null && m.equals(probed) && inFlight.getNow(false);
          inFlight = null;
        }
        if (running && tracker.observe(m, answered, clock.nanos())) {
          if (Objects.equals(m, master.get()) && dropConnection.get()) {
            LOG.warn(
                "master {} has not answered for {} ms (master_unresponsive_timeout_ms); this FE"
                    + " dropped its bdbje connection to it, so an election starts now{}",
                m,
                silence.toMillis(),
                backOffNote(tracker.dropsInARow()));
          }
        }
        // Named again: a drop makes bdbje forget the master at once.
        String target = master.get();
        if (target != null
            && inFlight == null
            && clock.nanos() - lastProbe >= PROBE_INTERVAL.toNanos()) {
          lastProbe = clock.nanos();
          probed = target;
          inFlight = probe.ask(target, probeTimeout);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The watch only hastens a failover bdbje makes anyway; a fault in it must not stop it.
        inFlight = null;
        LOG.warn("master watch: {}", e.toString());
      }
    }
  }

  /** Empty for a first drop; after that, why the next one waits and what to look at. */
  private static String backOffNote(int drops) {
    if (drops < 2) {
      return "";
    }
    return " (drop "
        + drops
        + " in a row of a master a quorum keeps re-electing: check this FE's network path to it;"
        + " the next drop waits at least "
        + Tracker.holdAfter(drops).toMillis()
        + " ms)";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    // No interrupt: the watch thread calls into bdbje, which an interrupt can invalidate.
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
