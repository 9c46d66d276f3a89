package io.metafe.journal.bdb;

import com.sleepycat.bind.tuple.LongBinding;
import com.sleepycat.je.Cursor;
import com.sleepycat.je.CursorConfig;
import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.Environment;
import com.sleepycat.je.EnvironmentConfig;
import com.sleepycat.je.EnvironmentLockedException;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import io.metafe.journal.Journal;
import io.metafe.journal.JournalException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;

/**
 * A read-only view of the journal in a stopped FE's {@code bdb/}, for offline tools and for an FE
 * that looks at its own before it opens it. It opens the directory as a plain, read-only JE
 * environment: JE allows that for a replicated environment, and it neither joins the replication
 * group nor writes a byte (no recovery checkpoint, log files, je.info or je.stat files). The
 * journal is what {@link BdbJournal} reads: one database per segment, named by its first id.
 * Writing methods refuse. Reads may come from any thread (replay reads on a thread of its own); the
 * segment list is fixed when opened.
 *
 * <p>JE lets read-only handles share an environment with its one writer (the writer locks byte 0 of
 * je.lck exclusively, readers byte 1 shared), so a running FE would not stop JE from opening it
 * here. This class therefore asks for a shared lock on byte 0 itself: it fails while an FE holds
 * the environment, and, held until {@link #close}, keeps an FE from starting on it meanwhile (that
 * FE refuses to start, saying the environment is locked).
 */
public final class BdbSnapshot implements Journal {
  private final FileChannel lockFile;
  private final Environment env;
  private final TreeMap<Long, Database> segments = new TreeMap<>();
  private final long lastId;

  /**
   * The environment is in use by a running FE: reading it could see a state the FE is about to
   * change.
   */
  public static final class LockedException extends JournalException {
    private static final long serialVersionUID = 1L;

    LockedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private BdbSnapshot(FileChannel lockFile, Environment env) {
    this.lockFile = lockFile;
    this.env = env;
    for (String name : env.getDatabaseNames()) {
      if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
        segments.put(Long.parseLong(name), env.openDatabase(null, name, readOnlyDatabase()));
      }
    }
    this.lastId = scanLastId();
  }

  /**
   * Opens {@code bdbDir} read-only.
   *
   * @throws LockedException if an FE holds the environment (JE's je.lck)
   * @throws JournalException if the directory holds no environment or JE cannot read it
   */
  public static BdbSnapshot open(Path bdbDir) {
    Path lck = bdbDir.resolve("je.lck");
    if (!Files.isDirectory(bdbDir) || !Files.exists(lck)) {
      // JE would treat a missing directory as an empty environment; say instead that there is none.
      throw new JournalException(bdbDir + " holds no bdbje environment (no je.lck)");
    }
    FileChannel lockFile = lockAgainstWriters(bdbDir, lck);
    EnvironmentConfig config = new EnvironmentConfig();
    config.setReadOnly(true);
    config.setAllowCreate(false);
    config.setTransactional(false);
    // JE writes je.info.N and je.stat.csv into the environment directory by default, even when
    // reading.
    config.setConfigParam(EnvironmentConfig.FILE_LOGGING_LEVEL, "OFF");
    config.setConfigParam(EnvironmentConfig.CONSOLE_LOGGING_LEVEL, "OFF");
    config.setConfigParam(EnvironmentConfig.STATS_COLLECT, "false");
    config.setCachePercent(10);
    Environment env;
    try {
      env = new Environment(bdbDir.toFile(), config);
    } catch (EnvironmentLockedException e) {
      closeQuietly(lockFile);
      throw new LockedException(bdbDir + " is locked by another process", e);
    } catch (RuntimeException e) {
      closeQuietly(lockFile);
      throw new JournalException("cannot open " + bdbDir + " read-only: " + e.getMessage(), e);
    }
    try {
      return new BdbSnapshot(lockFile, env);
    } catch (RuntimeException e) {
      env.close();
      closeQuietly(lockFile);
      throw new JournalException("cannot read the journal in " + bdbDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * A shared lock on the writer's byte of je.lck, or LockedException while a writer (an FE) holds
   * it.
   */
  private static FileChannel lockAgainstWriters(Path bdbDir, Path lck) {
    FileChannel channel;
    try {
      channel = FileChannel.open(lck, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new JournalException("cannot open " + lck + " to check that no FE uses it: " + e, e);
    }
    try {
      FileLock lock = channel.tryLock(0, 1, true);
      if (lock == null) {
        closeQuietly(channel);
        throw new LockedException(bdbDir + " is locked by a running FE (je.lck is held)", null);
      }
      return channel;
    } catch (OverlappingFileLockException e) {
      // This JVM itself holds the environment (an embedded FE, or a test). The channel stays open
      // on purpose:
      // closing a file drops every POSIX lock this process holds on it, including the FE's.
      throw new LockedException(bdbDir + " is locked by an FE running in this process", e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new JournalException("cannot lock " + lck + " to check that no FE uses it: " + e, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was written through it; closing cannot lose anything
    }
  }

  private static DatabaseConfig readOnlyDatabase() {
    DatabaseConfig config = new DatabaseConfig();
    config.setReadOnly(true);
    config.setAllowCreate(false);
    return config;
  }

  /** First ids of the segment databases, oldest first: where the FE rolled its journal. */
  public List<Long> segmentFirstIds() {
    return List.copyOf(segments.keySet());
  }

  @Override
  public long lastId() {
    return lastId;
  }

  @Override
  public long firstId() {
    return segments.isEmpty() ? lastId + 1 : segments.firstKey();
  }

  @Override
  public List<Entry> read(long fromId, int max) {
    return BdbJournal.read(segments, fromId, max, CursorConfig.DEFAULT, LockMode.READ_UNCOMMITTED);
  }

  /**
   * Hands every entry from {@code fromId} on whose 2-byte type code {@code wanted} accepts to
   * {@code sink}, in id order. Only the header of the others is read, so that finding a few kinds
   * of records in a long journal costs little more than walking its keys.
   */
  public void scan(
      long fromId,
      java.util.function.IntPredicate wanted,
      java.util.function.Consumer<Entry> sink) {
    DatabaseEntry key = new DatabaseEntry();
    DatabaseEntry head = new DatabaseEntry();
    head.setPartial(0, 2, true);
    LongBinding.longToEntry(fromId, key);
    for (Database segment : segments.values()) {
      try (Cursor cursor = segment.openCursor(null, CursorConfig.DEFAULT)) {
        OperationStatus status = cursor.getSearchKeyRange(key, head, LockMode.READ_UNCOMMITTED);
        while (status == OperationStatus.SUCCESS) {
          byte[] h = head.getData();
          int code = h.length < 2 ? -1 : (short) (((h[0] & 0xff) << 8) | (h[1] & 0xff));
          if (wanted.test(code)) {
            DatabaseEntry full = new DatabaseEntry();
            cursor.getCurrent(key, full, LockMode.READ_UNCOMMITTED);
            sink.accept(new Entry(LongBinding.entryToLong(key), full.getData()));
          }
          status = cursor.getNext(key, head, LockMode.READ_UNCOMMITTED);
        }
      }
      LongBinding.longToEntry(fromId, key);
    }
  }

  private long scanLastId() {
    for (Database segment : segments.descendingMap().values()) {
      DatabaseEntry key = new DatabaseEntry();
      DatabaseEntry data = new DatabaseEntry();
      data.setPartial(0, 0, true);
      try (Cursor cursor = segment.openCursor(null, CursorConfig.DEFAULT)) {
        if (cursor.getLast(key, data, LockMode.READ_UNCOMMITTED) == OperationStatus.SUCCESS) {
          return LongBinding.entryToLong(key);
        }
      }
    }
    return segments.isEmpty() ? 0 : segments.lastKey() - 1;
  }

  @Override
  public long append(List<byte[]> entries) {
    throw new UnsupportedOperationException("a BdbSnapshot is read-only");
  }

  @Override
  public long deleteThrough(long lastDeletable) {
    throw new UnsupportedOperationException("a BdbSnapshot is read-only");
  }

  @Override
  public void close() {
    for (Database db : segments.values()) {
      db.close();
    }
    segments.clear();
    env.close();
    closeQuietly(lockFile);
  }
}
