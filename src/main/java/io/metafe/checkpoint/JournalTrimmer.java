package io.metafe.checkpoint;

import io.metafe.journal.Journal;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the journal bounded. On the master only, it deletes the journal segments that every live
 * FE's newest image already covers; bdbje replicates the deletion. An FE silent for longer than
 * {@code meta_delay_toleration_second} stops holding the journal back, so that one dead FE cannot
 * make {@code bdb/} grow without end: when it returns it fetches an image from a peer. Thread-safe.
 */
public final class JournalTrimmer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalTrimmer.class);
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  /**
   * What the master knows of another FE.
   *
   * @param imageJournalId the newest image it reported; 0 if none
   * @param heardMillisAgo since its last heartbeat; negative if never heard from
   */
  public record Peer(String name, long imageJournalId, long heardMillisAgo) {}

  /**
   * The outcome of one round.
   *
   * @param lastDeletable every journal id up to this one is in every counted FE's image; 0 keeps
   *     everything
   * @param waitingFor the FE that holds the point lowest, or null when it is this FE's own image
   * @param ignored FEs silent for too long, not counted
   */
  public record Decision(long lastDeletable, String waitingFor, List<String> ignored) {}

  private final BooleanSupplier isMaster;
  private final Supplier<Journal> journal;
  private final LongSupplier ownImage;
  private final Supplier<List<Peer>> peers;
  private final LongSupplier toleranceMillis;
  private final Clock clock;
  private final Thread thread;
  private final Object wakeup = new Object();
  private volatile boolean running = true;
  private boolean master;

  /** The clock's millis when this FE's current mastership was first seen; while {@link #master}. */
  private long masterSince;

  private Set<String> reportedIgnored = new HashSet<>();

  /**
   * @param clock spaces the rounds and measures how long this FE has been master
   */
  public JournalTrimmer(
      BooleanSupplier isMaster,
      Supplier<Journal> journal,
      LongSupplier ownImage,
      Supplier<List<Peer>> peers,
      LongSupplier toleranceMillis,
      Clock clock) {
    this.isMaster = isMaster;
    this.journal = journal;
    this.ownImage = ownImage;
    this.peers = peers;
    this.toleranceMillis = toleranceMillis;
    this.clock = clock;
    this.thread = new Thread(this::run, "journal-trimmer");
    this.thread.setDaemon(true);
  }

  /**
   * Decides how far the journal may be trimmed. Pure.
   *
   * @param masterForMillis how long this FE has been master: an FE not heard from is waited for
   *     until this master has had the whole tolerance to hear from it
   */
  public static Decision decide(
      long ownImage, List<Peer> others, long masterForMillis, long toleranceMillis) {
    long point = ownImage;
    String waitingFor = null;
    List<String> ignored = new ArrayList<>();
    for (Peer p : others) {
      boolean live = p.heardMillisAgo() >= 0 && p.heardMillisAgo() <= toleranceMillis;
      if (!live && masterForMillis > toleranceMillis) {
        ignored.add(p.name());
        continue;
      }
      long held = live ? p.imageJournalId() : 0;
      if (held < point) {
        point = held;
        waitingFor = p.name();
      }
    }
    return new Decision(point, waitingFor, ignored);
  }

  public void start() {
    thread.start();
  }

  /** Runs a round soon, e.g. after a new image. */
  public void wake() {
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
  }

  private void run() {
    while (running) {
      synchronized (wakeup) {
        try {
          clock.await(wakeup, INTERVAL);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!running) {
        return;
      }
      try {
        round();
      } catch (RuntimeException e) {
        LOG.warn(
            "journal trimming failed: {}; it is retried in {} s",
            e.toString(),
            INTERVAL.toSeconds());
      }
    }
  }

  /** One round, as the thread runs every 5 s or when woken; package-private so tests drive it. */
  synchronized void round() {
    if (!isMaster.getAsBoolean()) {
      master = false;
      return;
    }
    long now = clock.millis();
    if (!master) {
      master = true;
      masterSince = now;
    }
    Decision d =
        decide(ownImage.getAsLong(), peers.get(), now - masterSince, toleranceMillis.getAsLong());
    Set<String> ignored = new HashSet<>(d.ignored());
    for (String name : ignored) {
      if (!reportedIgnored.contains(name)) {
        LOG.warn(
            "FE {} has not sent a heartbeat for longer than meta_delay_toleration_second; journal trimming no"
                + " longer waits for it. When it restarts it loads an image from a peer if the journal it needs is"
                + " gone",
            name);
      }
    }
    reportedIgnored = ignored;
    Journal j = journal.get();
    if (j == null || d.lastDeletable() < j.firstId()) {
      return;
    }
    long before = j.firstId();
    long after = j.deleteThrough(d.lastDeletable());
    if (after > before) {
      LOG.info(
          "journal ids {}..{} deleted: they are in image.{} here and in every live FE's image{}",
          before,
          after - 1,
          ownImage.getAsLong(),
          d.waitingFor() == null
              ? ""
              : " (lowest: " + d.lastDeletable() + " on " + d.waitingFor() + ")");
    }
  }

  @Override
  public void close() {
    running = false;
    wake();
  }
}
