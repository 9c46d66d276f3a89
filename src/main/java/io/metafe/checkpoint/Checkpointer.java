package io.metafe.checkpoint;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.image.ImageStore;
import io.metafe.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this FE's images. Every FE, whatever its role, checkpoints its own catalog once it has replayed {@code
 * edit_log_roll_num} entries beyond its newest image, and on demand (ALTER SYSTEM CREATE IMAGE). The catalog is
 * immutable, so a checkpoint writes a published version while writes and replay go on: no lock, no second copy.
 * An image is written only for entries this FE has replayed from its own journal, after flushing that journal to
 * disk, so no FE ever holds an image newer than its journal. Thread-safe.
 */
public final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  private static final long POLL_MILLIS = 500;
  private static final long RETRY_AFTER_FAILURE_MILLIS = 30_000;

  private final ImageStore images;
  private final CatalogHolder catalog;
  private final Supplier<Journal> journal;
  private final int clusterId;
  private final LongSupplier everyEntries;
  private final IntSupplier keep;
  private final Thread thread;
  /** The thread sleeps on this, never interruptibly inside a checkpoint: an interrupt inside bdbje breaks it. */
  private final Object wakeup = new Object();
  private volatile LongConsumer onImage = id -> {};
  private volatile boolean running = true;
  private volatile long newestId;
  private volatile long lastCheckpointMillis;
  private volatile long lastDurationMillis;
  private volatile String lastError = "";
  private long failedAt;

  /**
   * @param journal the journal to flush before an image is named; a supplier because the master reopens it
   * @param everyEntries edit_log_roll_num, read at every round so that a change applies at once
   * @param keep how many images to keep (checkpoint_image_keep_num)
   */
  public Checkpointer(ImageStore images, CatalogHolder catalog, Supplier<Journal> journal, int clusterId,
      LongSupplier everyEntries, IntSupplier keep) {
    this.images = images;
    this.catalog = catalog;
    this.journal = journal;
    this.clusterId = clusterId;
    this.everyEntries = everyEntries;
    this.keep = keep;
    this.newestId = images.newestId();
    this.lastCheckpointMillis = modified(images.file(newestId));
    this.thread = new Thread(this::run, "checkpointer");
    this.thread.setDaemon(true);
  }

  /** Called with the new image's journal id after every successful checkpoint (the master trims its journal). */
  public void onImage(LongConsumer listener) {
    this.onImage = listener;
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      synchronized (wakeup) {
        try {
          wakeup.wait(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!running) {
        return;
      }
      long behind = catalog.current().journalId() - newestId;
      if (behind < everyEntries.getAsLong()
          || (failedAt != 0 && System.currentTimeMillis() - failedAt < RETRY_AFTER_FAILURE_MILLIS)) {
        continue;
      }
      try {
        checkpoint(behind + " entries since image." + newestId);
      } catch (RuntimeException e) {
        // already logged; the next round retries
      }
    }
  }

  /**
   * Writes an image of the catalog as published now, unless the newest image already holds it.
   *
   * @param why for the log line
   * @return the journal id of the newest image afterwards
   * @throws CheckpointException naming the cause when the image could not be written; older images stay
   */
  public synchronized long checkpoint(String why) {
    Catalog c = catalog.current();
    if (c.journalId() == 0 || c.journalId() <= newestId) {
      return newestId;
    }
    long started = System.nanoTime();
    try {
      journal.get().flush();
      Path file = images.checkpoint(c, clusterId);
      long millis = (System.nanoTime() - started) / 1_000_000;
      LOG.info("checkpoint finished save image.{} ({}; {} bytes in {} ms)", c.journalId(), why, Files.size(file),
          millis);
      retainNewest();
      lastCheckpointMillis = System.currentTimeMillis();
      lastDurationMillis = millis;
      lastError = "";
      failedAt = 0;
      newestId = c.journalId();
    } catch (IOException | RuntimeException e) {
      failedAt = System.currentTimeMillis();
      lastError = "checkpoint of journal id " + c.journalId() + " failed at "
          + java.time.Instant.ofEpochMilli(failedAt) + ": " + e.getMessage();
      LOG.warn("{}; image.{} stays the newest image and the journal is not trimmed until a checkpoint succeeds;"
          + " check free space and permissions in {}", lastError, newestId, images.dir());
      throw new CheckpointException(lastError, e);
    }
    onImage.accept(newestId);
    return newestId;
  }

  /** Deleting old images may fail (permissions); the new image stands, so this only warns. */
  private void retainNewest() {
    try {
      for (Path old : images.retain(keep.getAsInt())) {
        LOG.info("deleted old image {} (keeping the {} newest)", old.getFileName(), keep.getAsInt());
      }
    } catch (IOException e) {
      LOG.warn("cannot delete old images in {}: {}; they take space until deleted by hand", images.dir(),
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
