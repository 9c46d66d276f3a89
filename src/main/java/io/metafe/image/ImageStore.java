package io.metafe.image;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Table;
import io.metafe.metadir.DurableFiles;
import io.metafe.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images in one {@code meta_dir/image} directory: writing a verified checkpoint, choosing the
 * image to start from, transfers in, and retention. Names follow one rule an operator can rely on:
 * {@code image.N} is a complete, verified image of journal ids 1..N, so the largest suffix is the
 * newest image. Files that break the rule are renamed out of the way ({@code image.N.corrupt}),
 * never silently deleted. Thread-safe.
 */
public final class ImageStore {
  private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

  /** Suffix of a file being downloaded from a peer, renamed to {@code image.N} once verified. */
  public static final String PART = ".part";

  /**
   * The share of one core a checkpoint uses (see {@link Pacer}, whose short slices are what keep
   * the p99 of writes running meanwhile within 2x of their p99 without a checkpoint on two cores:
   * 1.35x at 1M rows, docs/benchmarks.md, issue #12). A quarter stretches a checkpoint of a million
   * rows from about 0.14 s to about 0.7 s; it runs every {@code edit_log_roll_num} entries or
   * {@code checkpoint_interval_second}, so that is cheap.
   */
  public static final double DEFAULT_CPU_SHARE = 0.25;

  private final Path dir;
  private final double cpuShare;

  public ImageStore(Path dir) {
    this(dir, DEFAULT_CPU_SHARE);
  }

  /**
   * @param cpuShare the share of one core a checkpoint uses, in (0, 1]; 1 does not pause
   */
  public ImageStore(Path dir, double cpuShare) {
    if (!(cpuShare > 0 && cpuShare <= 1)) {
      throw new IllegalArgumentException("a CPU share is in (0, 1], not " + cpuShare);
    }
    this.dir = dir;
    this.cpuShare = cpuShare;
  }

  public Path dir() {
    return dir;
  }

  public Path file(long journalId) {
    return dir.resolve(ImageWriter.fileName(journalId));
  }

  /** Journal ids of the {@code image.N} files present, newest first. */
  public synchronized List<Long> ids() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(ImageReader::journalIdOf)
          .filter(id -> id >= 0)
          .sorted(Comparator.reverseOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The newest image's journal id, or 0 when there is none. */
  public long newestId() {
    List<Long> ids = ids();
    return ids.isEmpty() ? 0 : ids.get(0);
  }

  /**
   * Writes {@code image.N} for the catalog, reads it back and compares it with the catalog before
   * giving it its name, so that a writer bug or a bad disk never replaces a good image with a bad
   * one. The read-back checks the checksum of the file's bytes against the one the writer computed,
   * parses every section and row, and compares ids, names and row counts with the catalog. Write
   * and read-back are paced to this store's CPU share.
   *
   * @param clock the pacing pauses are its sleeps
   * @return the image file
   * @throws CorruptImageException if the written file does not read back as the catalog it was
   *     written from
   */
  public synchronized Path checkpoint(Catalog catalog, int clusterId, Clock clock)
      throws IOException {
    Pacer pacer = new Pacer(clock, cpuShare);
    ImageWriter.Written written = ImageWriter.writeTemporary(catalog, clusterId, dir, null, pacer);
    Path tmp = written.file();
    verify(written, catalog, clusterId, pacer);
    Path target = file(catalog.journalId());
    DurableFiles.moveIntoPlace(tmp, target);
    return target;
  }

  /**
   * The read-back of {@link #checkpoint}; deletes the file when it fails.
   *
   * @throws CorruptImageException if the file is damaged, truncated, or holds another catalog
   */
  static void verify(ImageWriter.Written written, Catalog catalog, int clusterId, Pacer pacer)
      throws IOException {
    Path tmp = written.file();
    ImageReader.Structure back;
    try {
      // Counting rows rather than keeping them: verifying must not need a second copy of the
      // catalog, nor an object per row for the collector to chase while writes run.
      back = ImageReader.readStructure(tmp, written.length(), written.crc(), pacer);
    } catch (CorruptImageException e) {
      Files.deleteIfExists(tmp);
      throw new CorruptImageException(
          "the checkpoint just written does not read back ("
              + e.getMessage()
              + "); it was discarded and the previous images are kept",
          e);
    }
    String expected = shape(catalog);
    String actual =
        shape(back.schema(), t -> back.rowCounts().getOrDefault(t.definition().id(), -1L));
    if (!expected.equals(actual) || back.clusterId() != clusterId) {
      Files.deleteIfExists(tmp);
      throw new CorruptImageException(
          "the checkpoint of journal id "
              + catalog.journalId()
              + " read back"
              + " differently from the catalog it was written from; it was discarded and the previous images are kept");
    }
  }

  /**
   * A cheap fingerprint of a catalog's structure (ids, names, row counts): enough to catch an image
   * that lost a database, a table or rows, without hashing every value.
   */
  static String shape(Catalog c) {
    return shape(c, t -> (long) t.rows().size());
  }

  private static String shape(Catalog c, java.util.function.ToLongFunction<Table> rows) {
    StringBuilder b = new StringBuilder();
    b.append(c.journalId())
        .append('/')
        .append(c.nextId())
        .append('/')
        .append(c.frontends().map(f -> f.name()).mkString(","))
        .append('/')
        .append(c.master() == null ? "-" : c.master().nodeName());
    for (Database db : c.databases().values()) {
      b.append('|').append(db.id()).append(':').append(db.name());
      for (Table t : db.tables().values()) {
        b.append(';')
            .append(t.definition().id())
            .append(':')
            .append(t.definition().name())
            .append('=')
            .append(rows.applyAsLong(t));
      }
    }
    return b.toString();
  }

  /**
   * Deletes all but the {@code keep} newest images.
   *
   * @return the files deleted
   */
  public synchronized List<Path> retain(int keep) throws IOException {
    List<Long> ids = ids();
    List<Path> deleted = new ArrayList<>();
    for (int i = Math.max(keep, 1); i < ids.size(); i++) {
      Path old = file(ids.get(i));
      if (Files.deleteIfExists(old)) {
        deleted.add(old);
      }
    }
    return deleted;
  }

  /**
   * Installs an image downloaded to {@code part}: verifies its checksum and cluster, then renames
   * it to {@code image.N}. A file that fails is deleted (it is only a copy).
   *
   * @return the journal id of the installed image
   * @throws CorruptImageException if the download is damaged or of another cluster
   */
  public synchronized long install(Path part, int clusterId) throws IOException {
    ImageReader.Loaded loaded;
    try {
      loaded = ImageReader.read(part);
    } catch (CorruptImageException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    if (loaded.clusterId() != clusterId) {
      Files.deleteIfExists(part);
      throw new CorruptImageException(
          "the downloaded image belongs to cluster "
              + loaded.clusterId()
              + ", not to this FE's cluster "
              + clusterId);
    }
    long id = loaded.catalog().journalId();
    DurableFiles.moveIntoPlace(part, file(id));
    return id;
  }

  /**
   * Removes what an interrupted checkpoint or download left behind; they were never images.
   *
   * @return the files removed
   */
  public synchronized List<Path> removeLeftovers() throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.equals(ImageWriter.TEMPORARY)
            || (name.startsWith("image.") && name.endsWith(PART))) {
          Files.delete(f);
          removed.add(f);
        }
      }
    }
    return removed;
  }

  /**
   * Renames a damaged image to {@code image.N.corrupt}, keeping its bytes for inspection while
   * taking it out of the "largest suffix is newest" rule.
   */
  public synchronized Path setAside(long journalId) throws IOException {
    Path from = file(journalId);
    Path to = dir.resolve(from.getFileName() + ".corrupt");
    Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    LOG.warn("renamed damaged {} to {}", from, to.getFileName());
    return to;
  }

  /**
   * The frontends and master of the newest image that verifies, as a catalog without databases, or
   * null: whom to ask about the cluster before the journal can be read. Reads no rows.
   */
  public Catalog newestValidHead() {
    for (long id : ids()) {
      try {
        return ImageReader.readHead(file(id));
      } catch (CorruptImageException e) {
        LOG.warn("{}; looking at an older image", e.getMessage());
      }
    }
    return null;
  }

  /**
   * Chooses the image to start from: the newest one that verifies and that the journal continues.
   *
   * @param journalFirstId the oldest journal id this FE holds
   * @param journalLastId the newest journal id this FE holds
   */
  public Choice choose(long journalFirstId, long journalLastId, int clusterId) throws IOException {
    List<String> problems = new ArrayList<>();
    ImageReader.Loaded newestValid = null;
    for (long id : ids()) {
      if (id > journalLastId) {
        return Choice.refuse(
            "image."
                + id
                + " is newer than the journal, which ends at id "
                + journalLastId
                + (journalLastId == 0 ? " (bdb/ is empty)" : "")
                + ": starting would lose entries "
                + (journalLastId + 1)
                + ".."
                + id
                + ". Restore bdb/ from a backup of this meta_dir; or, to accept losing them, move image."
                + id
                + " out of "
                + dir
                + " and start again",
            problems,
            null);
      }
      ImageReader.Loaded loaded;
      try {
        loaded = ImageReader.read(file(id));
      } catch (CorruptImageException e) {
        LOG.error("{}; trying an older image", e.getMessage());
        problems.add("image." + id + ": " + e.getMessage());
        setAside(id);
        continue;
      }
      if (loaded.clusterId() != clusterId) {
        return Choice.refuse(
            "image."
                + id
                + " belongs to cluster "
                + loaded.clusterId()
                + " but this meta_dir to"
                + " cluster "
                + clusterId
                + ": an image was copied in from another cluster; move it out of "
                + dir,
            problems,
            null);
      }
      if (id + 1 < journalFirstId) {
        return Choice.gap(
            "image."
                + id
                + " is the newest valid image, but the journal starts at id "
                + journalFirstId
                + ", so ids "
                + (id + 1)
                + ".."
                + (journalFirstId - 1)
                + " are in no image and no"
                + " journal here",
            problems,
            loaded);
      }
      newestValid = loaded;
      break;
    }
    if (newestValid != null) {
      return new Choice(newestValid.catalog(), null, false, problems, newestValid);
    }
    if (journalFirstId > 1) {
      return Choice.gap(
          "no valid image, and the journal starts at id "
              + journalFirstId
              + ", so ids 1.."
              + (journalFirstId - 1)
              + " are missing",
          problems,
          null);
    }
    if (!problems.isEmpty()) {
      LOG.warn("no valid image; the journal is complete from id 1, so replaying all of it instead");
    }
    return new Choice(Catalog.empty(), null, false, problems, null);
  }

  /**
   * The outcome of {@link #choose}.
   *
   * @param start the catalog to replay the journal onto, or null when no image fits
   * @param refusal why no image fits (what is missing), or null
   * @param problems one line per image that was rejected
   * @param newestValid the newest image that verified, even if the journal does not continue it;
   *     its frontend list tells where to fetch a newer one. May be null
   */
  public record Choice(
      Catalog start,
      String refusal,
      boolean peerImageHelps,
      List<String> problems,
      ImageReader.Loaded newestValid) {
    static Choice refuse(String why, List<String> problems, ImageReader.Loaded newestValid) {
      return new Choice(null, why, false, List.copyOf(problems), newestValid);
    }

    /**
     * A refusal that a newer image from a peer would lift: the journal here starts after every
     * local image.
     */
    static Choice gap(String why, List<String> problems, ImageReader.Loaded newestValid) {
      return new Choice(null, why, true, List.copyOf(problems), newestValid);
    }
  }
}
