package io.metafe.checkpoint;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.image.ImageStore;
import io.metafe.journal.Journal;
import io.metafe.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this FE's images. Every FE, whatever its role, checkpoints its own catalog once it has
 * replayed {@code edit_log_roll_num} entries beyond its newest image; once its catalog has changed
 * and its newest image is {@code checkpoint_interval_second} old (or it has none), so that a quiet
 * FE's image does not lag for ever; on demand (ALTER SYSTEM CREATE IMAGE, here or on a peer); and
 * once more at a graceful stop, so that the suffixes of the image files tell an operator which
 * stopped FE has the newest metadata. The catalog is immutable, so a checkpoint writes a published
 * version while writes and replay go on: no lock, no second copy. An image is written only for
 * entries this FE has replayed from its own journal, after flushing that journal to disk, so no FE
 * ever holds an image newer than its journal. Thread-safe.
 */
public final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ImageStore images;
  private final CatalogHolder catalog;
  private final Supplier<Journal> journal;
  private final int clusterId;
  private final LongSupplier everyEntries;
  private final LongSupplier everySeconds;
  private final IntSupplier keep;
  private final Clock clock;
  private final Thread thread;

  /**
   * The thread sleeps on this, never interruptibly inside a checkpoint: an interrupt inside bdbje
   * breaks it.
   */
  private final Object wakeup = new Object();

  private volatile LongConsumer onImage = id -> {};
  private volatile LongSupplier imageableThrough = () -> Long.MAX_VALUE;
  private volatile boolean running = true;
  private volatile long newestId;
  private volatile long lastCheckpointMillis;
  private volatile long lastDurationMillis;
  private volatile String lastError = "";

  /** The clock's nanos at the last failed checkpoint; read only while {@link #failing}. */
  private volatile long failedAt;

  private volatile boolean failing;

  /**
   * @param journal the journal to flush before an image is named; a supplier because the master
   *     reopens it
   * @param everyEntries edit_log_roll_num, read at every round so that a change applies at once
   * @param everySeconds checkpoint_interval_second, likewise; 0 turns the time trigger off
   * @param keep how many images to keep (checkpoint_image_keep_num)
   * @param clock its wall time ages images (after a restart, from their file time); its monotonic
   *     time spaces the rounds and the retries after a failure; it paces the image writes
   */
  public Checkpointer(
      ImageStore images,
      CatalogHolder catalog,
      Supplier<Journal> journal,
      int clusterId,
      LongSupplier everyEntries,
      LongSupplier everySeconds,
      IntSupplier keep,
      Clock clock) {
    this.images = images;
    this.catalog = catalog;
    this.journal = journal;
    this.clusterId = clusterId;
    this.everyEntries = everyEntries;
    this.everySeconds = everySeconds;
    this.keep = keep;
    this.clock = clock;
    this.newestId = images.newestId();
    this.lastCheckpointMillis = modified(images.file(newestId));
    this.thread = new Thread(this::run, "checkpointer");
    this.thread.setDaemon(true);
  }

  /**
   * Called with the new image's journal id after every successful checkpoint (the master trims its
   * journal).
   */
  public void onImage(LongConsumer listener) {
    this.onImage = listener;
  }

  /**
   * Bounds what an image may hold: the highest journal id no rollback can take back (bdbje rolls
   * back entries no majority confirmed); an image is written only once the catalog is within it.
   * Set before {@link #start}.
   */
  public void imageLimit(LongSupplier highestImageable) {
    this.imageableThrough = highestImageable;
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      synchronized (wakeup) {
        try {
          clock.await(wakeup, POLL);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!running) {
        return;
      }
      round();
    }
  }

  /**
   * One look at the triggers, as the thread takes every 500 ms; package-private so tests drive the
   * clock.
   */
  void round() {
    if (failing && clock.nanos() - failedAt < RETRY_AFTER_FAILURE_NANOS) {
      return;
    }
    long replayed = catalog.current().journalId();
    String why = due(replayed, clock.wallMillis());
    if (why == null || replayed > imageableThrough.getAsLong()) {
      // Not confirmed yet: a later round writes the image, once a commit confirms these entries.
      return;
    }
    try {
      checkpoint(why);
    } catch (RuntimeException e) {
      // already logged; a round after the back-off retries
    }
  }

  /** Why an image is due now, for the log line, or null when none is. */
  private String due(long replayed, long now) {
    long behind = replayed - newestId;
    if (replayed == 0 || behind <= 0) {
      return null;
    }
    if (behind >= everyEntries.getAsLong()) {
      return behind + " entries since image." + newestId;
    }
    long intervalMillis = TimeUnit.SECONDS.toMillis(everySeconds.getAsLong());
    if (intervalMillis <= 0) {
      return null;
    }
    if (newestId == 0) {
      return "no image yet; checkpoint_interval_second " + everySeconds.getAsLong();
    }
    long age = now - lastCheckpointMillis;
    return age >= intervalMillis
        ? behind
            + " entries since image."
            + newestId
            + ", which is "
            + age / 1000
            + " s old; checkpoint_interval_second "
            + intervalMillis / 1000
        : null;
  }

  /**
   * Writes an image that holds at least {@code journalId}, waiting up to {@code replayWait} for
   * this FE to replay that far: another FE ran ALTER SYSTEM CREATE IMAGE at that id, and its
   * operator expects every image to be as new.
   *
   * @return the journal id of the newest image afterwards, at least {@code journalId}
   * @throws CheckpointException when this FE did not replay that far in time, or the image could
   *     not be written
   */
  public long checkpointAtLeast(long journalId, Duration replayWait, String why) {
    try {
      if (!catalog.awaitJournalId(journalId, replayWait)) {
        throw new CheckpointException(
            "replayed only up to journal id "
                + catalog.current().journalId()
                + " within "
                + replayWait.toSeconds()
                + " s, short of the "
                + journalId
                + " asked for, so no image was written"
                + " (newest: image."
                + newestId
                + "); see this FE's fe.log for why its replay lags",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckpointException(
          "interrupted while waiting to replay journal id " + journalId, e);
    }
    return checkpoint(why);
  }

  /**
   * At a graceful stop, after {@link #close()} and once the catalog no longer moves: one more image
   * when the catalog is past the newest one, so that this FE's newest image.N names the journal id
   * it replayed last. A failure only warns: the next start replays the journal after the older
   * image as usual. Never throws.
   */
  public void checkpointAtShutdown() {
    long replayed = catalog.current().journalId();
    if (replayed == 0 || replayed <= newestId) {
      LOG.info(
          "no image needed at shutdown: image.{} holds journal id {}, the last replayed",
          newestId,
          replayed);
      return;
    }
    try {
      write("at shutdown; " + (replayed - newestId) + " entries since image." + newestId);
    } catch (RuntimeException e) {
      LOG.warn(
          "no image written at shutdown ({}); the next start loads image.{} and replays the journal after it",
          e.getMessage(),
          newestId);
    }
  }

  /**
   * Writes an image of the catalog as published now, unless the newest image already holds it.
   *
   * @param why for the log line
   * @return the journal id of the newest image afterwards
   * @throws CheckpointException naming the cause when the image could not be written, or the FE is
   *     stopping; older images stay
   */
  public synchronized long checkpoint(String why) {
    if (!running) {
      throw new CheckpointException("this FE is stopping; it writes its last image itself", null);
    }
    return write(why);
  }

  private synchronized long write(String why) {
    Catalog c = catalog.current();
    if (c.journalId() == 0 || c.journalId() <= newestId) {
      return newestId;
    }
    long limit = imageableThrough.getAsLong();
    if (c.journalId() > limit) {
      throw new CheckpointException(
          "journal ids "
              + (limit + 1)
              + ".."
              + c.journalId()
              + " are not yet confirmed"
              + " by a majority of FOLLOWERs, and bdbje may still roll them back, so no image was written (newest:"
              + " image."
              + newestId
              + "); retry in a moment",
          null);
    }
    long started = clock.nanos();
    try {
      journal.get().flush();
      Path file = images.checkpoint(c, clusterId, clock);
      long millis = (clock.nanos() - started) / 1_000_000;
      LOG.info(
          "checkpoint finished save image.{} ({}; {} bytes in {} ms)",
          c.journalId(),
          why,
          Files.size(file),
          millis);
      retainNewest();
      lastCheckpointMillis = clock.wallMillis();
      lastDurationMillis = millis;
      lastError = "";
      failing = false;
      newestId = c.journalId();
    } catch (IOException | RuntimeException e) {
      failedAt = clock.nanos();
      failing = true;
      lastError =
          "checkpoint of journal id "
              + c.journalId()
              + " failed at "
              + java.time.Instant.ofEpochMilli(clock.wallMillis())
              + ": "
              + e.getMessage();
      LOG.warn(
          "{}; image.{} stays the newest image and the journal is not trimmed until a checkpoint succeeds;"
              + " check free space and permissions in {}",
          lastError,
          newestId,
          images.dir());
      throw new CheckpointException(lastError, e);
    }
    onImage.accept(newestId);
    return newestId;
  }

  /** Deleting old images may fail (permissions); the new image stands, so this only warns. */
  private void retainNewest() {
    try {
      for (Path old : images.retain(keep.getAsInt())) {
        LOG.info(
            "deleted old image {} (keeping the {} newest)", old.getFileName(), keep.getAsInt());
      }
    } catch (IOException e) {
      LOG.warn(
          "cannot delete old images in {}: {}; they take space until deleted by hand",
          images.dir(),
          e.toString());
    }
  }

  /** The journal id of this FE's newest image; 0 when it has none. */
  public long newestId() {
    return newestId;
  }

  /** When the newest image was written (its file time after a restart); 0 when there is none. */
  public long lastCheckpointMillis() {
    return lastCheckpointMillis;
  }

  public long lastDurationMillis() {
    return lastDurationMillis;
  }

  /** Why the last checkpoint failed, or empty. */
  public String lastError() {
    return lastError;
  }

  private static long modified(Path file) {
    try {
      return Files.exists(file) ? Files.getLastModifiedTime(file).to(TimeUnit.MILLISECONDS) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
    // Waits for a checkpoint in progress, so that the journal is not closed under its flush.
    synchronized (this) {
      LOG.debug("checkpointer stopped at image.{}", newestId);
    }
  }
}
