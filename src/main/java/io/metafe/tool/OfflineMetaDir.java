package io.metafe.tool;

import io.metafe.catalog.Catalog;
import io.metafe.image.CorruptImageException;
import io.metafe.image.ImageReader;
import io.metafe.image.ImageStore;
import io.metafe.journal.JournalException;
import io.metafe.journal.bdb.BdbSnapshot;
import io.metafe.metadir.MetaDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One meta_dir as the tool sees it: ROLE and VERSION read leniently (a damaged file is shown, not
 * fatal, since the operator is usually here because something is damaged), the images, and the
 * journal opened read-only. Holds the bdb/ guard until closed.
 */
final class OfflineMetaDir implements AutoCloseable {
  static final int EXIT_LOCKED = 3;

  private final MetaDir dir;
  private final Properties role;
  private final Properties version;
  private final BdbSnapshot journal;
  private final String journalProblem;

  private OfflineMetaDir(MetaDir dir, BdbSnapshot journal, String journalProblem) {
    this.dir = dir;
    this.role = properties(dir.roleFile());
    this.version = properties(dir.imageDir().resolve("VERSION"));
    this.journal = journal;
    this.journalProblem = journalProblem;
  }

  /**
   * Opens a meta_dir; its journal stays readable (and guarded) until {@link #close}.
   *
   * @throws ToolException if it is no meta_dir, or an FE is running on it
   */
  static OfflineMetaDir open(Path root) {
    MetaDir dir = new MetaDir(root);
    if (!Files.isDirectory(dir.imageDir()) && !Files.isDirectory(dir.bdbDir())) {
      throw new ToolException(1, root + " is not a meta_dir: it has neither image/ nor bdb/");
    }
    try {
      return new OfflineMetaDir(dir, BdbSnapshot.open(dir.bdbDir()), null);
    } catch (BdbSnapshot.LockedException e) {
      throw new ToolException(
          EXIT_LOCKED,
          "meta_dir "
              + dir.root()
              + ": "
              + e.getMessage()
              + "; stop the FE"
              + " first, or copy the meta_dir and inspect the copy");
    } catch (JournalException e) {
      return new OfflineMetaDir(dir, null, e.getMessage());
    }
  }

  /** Opens every meta_dir, or none: one that is refused closes those opened before it. */
  static List<OfflineMetaDir> openAll(List<Path> roots) {
    List<OfflineMetaDir> out = new ArrayList<>();
    try {
      for (Path root : roots) {
        out.add(open(root));
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(OfflineMetaDir::close);
      throw e;
    }
  }

  Path root() {
    return dir.root();
  }

  Path imageDir() {
    return dir.imageDir();
  }

  String nodeName() {
    return role.getProperty("name", "?").strip();
  }

  String role() {
    return role.getProperty("role", "?").strip().toUpperCase(java.util.Locale.ROOT);
  }

  String clusterId() {
    return version.getProperty("clusterId", "?").strip();
  }

  /** The journal, or null when bdb/ holds none (see {@link #journalProblem}). */
  BdbSnapshot journal() {
    return journal;
  }

  String journalProblem() {
    return journalProblem;
  }

  /**
   * One image file and what reading it gave.
   *
   * @param catalog kept for the newest valid image only, so that checking many large images needs
   *     the memory of one; null otherwise
   * @param problem why the image does not verify, or null
   */
  record ImageCheck(long id, Path file, int clusterId, Catalog catalog, String problem) {
    boolean valid() {
      return problem == null;
    }
  }

  /**
   * Verifies images newest first.
   *
   * @param all false to stop at the first valid image (what inspect needs), true to check every one
   */
  List<ImageCheck> checkImages(boolean all) {
    ImageStore store = new ImageStore(dir.imageDir());
    List<ImageCheck> out = new ArrayList<>();
    boolean haveValid = false;
    for (long id : store.ids()) {
      Path file = store.file(id);
      try {
        ImageReader.Loaded loaded = ImageReader.read(file);
        out.add(
            new ImageCheck(
                id, file, loaded.clusterId(), haveValid ? null : loaded.catalog(), null));
        haveValid = true;
        if (!all) {
          break;
        }
      } catch (CorruptImageException e) {
        out.add(new ImageCheck(id, file, 0, null, e.getMessage()));
      }
    }
    return out;
  }

  /** A missing or unreadable file reads as empty, so that its fields show as "?". */
  private static Properties properties(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException | IllegalArgumentException e) {
        p.clear();
      }
    }
    return p;
  }

  @Override
  public void close() {
    if (journal != null) {
      journal.close();
    }
  }
}
