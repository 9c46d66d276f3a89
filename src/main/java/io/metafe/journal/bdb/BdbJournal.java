package io.metafe.journal.bdb;

import com.sleepycat.bind.tuple.LongBinding;
import com.sleepycat.je.Cursor;
import com.sleepycat.je.CursorConfig;
import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.DatabaseNotFoundException;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import com.sleepycat.je.Transaction;
import com.sleepycat.je.TransactionConfig;
import com.sleepycat.je.rep.ReplicatedEnvironment;
import io.metafe.journal.Journal;
import io.metafe.journal.JournalException;
import io.metafe.journal.NotMasterException;
import io.metafe.journal.QuorumLostException;
import io.metafe.journal.UnknownOutcomeException;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal in a replicated JE environment. Entries live in segment databases named by their
 * first id; a new segment starts at the first append after a segment holds {@code rollEvery}
 * entries. All writes of one {@link #append} share one JE transaction, so a batch is one commit and
 * one fsync. Old segments are deleted whole ({@link #deleteThrough}); JE replicates the deletion,
 * so every member's journal shrinks with the master's. Thread-safe.
 */
public final class BdbJournal implements Journal {
  private static final Logger LOG = LoggerFactory.getLogger(BdbJournal.class);

  private final BdbEnvironment bdb;
  private final TreeMap<Long, Database> segments = new TreeMap<>();
  private final TransactionConfig txnConfig;
  private final LongSupplier rollEvery;
  private final Clock clock;
  private long lastId;
  private volatile java.util.function.LongConsumer replayedCommits;

  private BdbJournal(BdbEnvironment bdb, LongSupplier rollEvery, Clock clock) {
    this.bdb = bdb;
    this.rollEvery = rollEvery;
    this.clock = clock;
    this.txnConfig = new TransactionConfig().setDurability(bdb.durability());
  }

  /**
   * Opens the segments already in the environment.
   *
   * @param rollEvery how many entries a segment holds before the next append starts a new one; read
   *     at every append, so that an operator can change it while the FE runs
   * @param clock times the retries of a write that met the disk limit
   */
  public static BdbJournal open(BdbEnvironment bdb, LongSupplier rollEvery, Clock clock) {
    BdbJournal journal = new BdbJournal(bdb, rollEvery, clock);
    synchronized (journal) {
      journal.lastId = journal.scanLastId();
    }
    return journal;
  }

  @Override
  public synchronized long lastId() {
    return lastId;
  }

  @Override
  public synchronized long firstId() {
    refreshSegments();
    return segments.isEmpty() ? lastId + 1 : segments.firstKey();
  }

  @Override
  public synchronized long deleteThrough(long lastDeletable) {
    refreshSegments();
    List<Long> firsts = new ArrayList<>(segments.keySet());
    // A segment may go when the next one starts at or before lastDeletable + 1: all its ids are
    // then deletable.
    for (int i = 0; i + 1 < firsts.size() && firsts.get(i + 1) <= lastDeletable + 1; i++) {
      Database db = segments.remove(firsts.get(i));
      String name = db.getDatabaseName();
      db.close();
      try {
        env().removeDatabase(null, name);
      } catch (DatabaseNotFoundException alreadyGone) {
        // removed by an earlier master whose removal this node replayed
      } catch (RuntimeException e) {
        throw new JournalException(
            "cannot delete journal segment " + name + ": " + BdbErrors.describe(e), e);
      }
      LOG.info(
          "deleted journal segment {} (ids {}..{})", name, firsts.get(i), firsts.get(i + 1) - 1);
    }
    return segments.isEmpty() ? lastId + 1 : segments.firstKey();
  }

  @Override
  public void flush() {
    try {
      env().flushLog(true);
    } catch (RuntimeException e) {
      throw new JournalException("cannot flush the journal to disk: " + BdbErrors.describe(e), e);
    }
  }

  @Override
  public synchronized long refreshLastId() {
    lastId = scanLastId();
    return lastId;
  }

  /** How long a write that met the limit bounding bdb/ waits for bdbje to apply the lifted one. */
  private static final long DISK_LIMIT_WAIT_NANOS =
      java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

  private static final Duration DISK_LIMIT_RETRY_PAUSE = Duration.ofMillis(50);

  @Override
  public synchronized long append(List<byte[]> entries) {
    if (entries.isEmpty()) {
      return lastId;
    }
    try {
      return appendOnce(entries);
    } catch (QuorumLostException e) {
      // Nothing was committed. A stale FE that tried to rejoin after a recovery adds itself to the
      // group and raises the quorum until the master removes it again (within seconds); one retry
      // rides that out.
      LOG.info(
          "journal append found too few FOLLOWERs; retrying once, since a stray group member may just have"
              + " been removed");
      return appendOnce(entries);
    } catch (JournalException e) {
      if (e.getCause() instanceof com.sleepycat.je.DiskLimitException) {
        return appendPastDiskLimit(entries, e);
      }
      throw e;
    }
  }

  /**
   * The log outgrew the limit set to bound bdb/ before the keeper moved it; nothing was written.
   * The limit is lifted, but bdbje applies a new one only when its cleaner next looks at disk
   * usage, so the write is retried for a while; a disk that is really full (bdbje's free-disk
   * limit) still fails it.
   */
  private long appendPastDiskLimit(List<byte[]> entries, JournalException first) {
    LOG.info(
        "journal append met the disk limit that bounds bdb/ (the log grew faster than the limit was moved);"
            + " lifting it and retrying the write until bdbje applies that");
    long deadline = clock.nanos() + DISK_LIMIT_WAIT_NANOS;
    JournalException last = first;
    while (clock.nanos() - deadline < 0) {
      bdb.liftDiskLimit();
      try {
        return appendOnce(entries);
      } catch (JournalException e) {
        if (!(e.getCause() instanceof com.sleepycat.je.DiskLimitException)) {
          throw e;
        }
        last = e;
      }
      try {
        clock.sleep(DISK_LIMIT_RETRY_PAUSE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw last;
  }

  private long appendOnce(List<byte[]> entries) {
    Transaction txn = null;
    long id = lastId;
    try {
      Database segment = segmentForAppend();
      txn = env().beginTransaction(null, txnConfig);
      DatabaseEntry key = new DatabaseEntry();
      for (byte[] entry : entries) {
        id++;
        LongBinding.longToEntry(id, key);
        OperationStatus status = segment.putNoOverwrite(txn, key, new DatabaseEntry(entry));
        if (status != OperationStatus.SUCCESS) {
          throw new JournalException(
              "journal id " + id + " already exists in segment " + segment.getDatabaseName());
        }
      }
      txn.commit();
      txn = null;
      lastId = id;
      return id;
    } catch (JournalException e) {
      throw e;
    } catch (com.sleepycat.je.rep.InsufficientReplicasException e) {
      throw new QuorumLostException(
          bdb.describeLostQuorum(e.getAvailableReplicas(), e.getRequiredNodeCount()), e);
    } catch (com.sleepycat.je.rep.ReplicaWriteException
        | com.sleepycat.je.rep.UnknownMasterException e) {
      // bdbje checks mastership before it writes the commit record: refused, not half-done.
      String state = e.getEvent() == null ? "" : " (bdbje state " + e.getEvent().getState() + ")";
      throw new NotMasterException(
          "this FE is no longer the master"
              + state
              + ", so bdbje refused to commit journal"
              + " ids "
              + (lastId + 1)
              + ".."
              + (lastId + entries.size())
              + "; nothing of the write was committed",
          e);
    } catch (com.sleepycat.je.rep.InsufficientAcksException e) {
      // The commit is in this node's log: the next append must follow it, and lastId is re-read by
      // the caller.
      txn = null;
      throw new UnknownOutcomeException(
          "the write reached this master's journal (ids "
              + (lastId + 1)
              + ".."
              + (lastId + entries.size())
              + ") but "
              + e.acksPending()
              + " of the "
              + e.acksRequired()
              + " FOLLOWER"
              + " confirmations it needs did not come within "
              + e.ackTimeout()
              + " ms, so its outcome is unknown: it"
              + " stays if a majority of FOLLOWERs receives it, and is rolled back if another FE becomes master without"
              + " it. Check before retrying",
          e);
    } catch (RuntimeException e) {
      throw new JournalException(
          "journal append of ids "
              + (lastId + 1)
              + ".."
              + (lastId + entries.size())
              + " failed: "
              + BdbErrors.describe(e),
          e);
    } finally {
      if (txn != null) {
        abortQuietly(txn);
      }
    }
  }

  @Override
  public void onReplayedCommit(java.util.function.LongConsumer listener) {
    replayedCommits = listener;
  }

  @Override
  public synchronized List<Entry> read(long fromId, int max) {
    try {
      // Listing bdbje's databases is only needed when the segments known here do not hold fromId
      // yet.
      List<Entry> found =
          segments.isEmpty()
              ? List.of()
              : read(segments, fromId, max, CursorConfig.READ_COMMITTED, LockMode.DEFAULT);
      if (!found.isEmpty()) {
        return found;
      }
      refreshSegments();
      return read(segments, fromId, max, CursorConfig.READ_COMMITTED, LockMode.DEFAULT);
    } catch (com.sleepycat.je.rep.DatabasePreemptedException e) {
      // The master deleted a segment while this replica was reading it.
      refreshSegments();
      throw new JournalException(
          "journal id "
              + fromId
              + " is no longer held; the oldest held is "
              + (segments.isEmpty() ? lastId + 1 : segments.firstKey()),
          e);
    }
  }

  /**
   * Reads up to {@code max} entries from {@code fromId} across segments keyed by their first id;
   * shared with the offline {@link BdbSnapshot}, which reads without transactions.
   */
  static List<Entry> read(
      java.util.NavigableMap<Long, Database> segments,
      long fromId,
      int max,
      CursorConfig cursorConfig,
      LockMode lockMode) {
    List<Entry> out = new ArrayList<>();
    Long start = segments.floorKey(fromId);
    if (start == null) {
      if (segments.isEmpty()) {
        return out;
      }
      throw new JournalException(
          "journal id " + fromId + " is no longer held; the oldest held is " + segments.firstKey());
    }
    long next = fromId;
    for (Database segment : segments.tailMap(start, true).values()) {
      next = readSegment(segment, next, max, out, cursorConfig, lockMode);
      if (out.size() >= max) {
        break;
      }
    }
    return out;
  }

  /**
   * Appends the entries of one segment from {@code fromId} on to {@code out}, up to {@code max} in
   * all.
   *
   * @return the id after the last entry read
   */
  private static long readSegment(
      Database segment,
      long fromId,
      int max,
      List<Entry> out,
      CursorConfig cursorConfig,
      LockMode lockMode) {
    DatabaseEntry key = new DatabaseEntry();
    DatabaseEntry data = new DatabaseEntry();
    LongBinding.longToEntry(fromId, key);
    long next = fromId;
    try (Cursor cursor = segment.openCursor(null, cursorConfig)) {
      // A range search: a larger key found instead of fromId is a gap, reported below.
      OperationStatus status = cursor.getSearchKeyRange(key, data, lockMode);
      while (status == OperationStatus.SUCCESS && out.size() < max) {
        long id = LongBinding.entryToLong(key);
        if (id != next) {
          throw new JournalException(
              "journal gap: expected id "
                  + next
                  + " but found "
                  + id
                  + " in segment "
                  + segment.getDatabaseName());
        }
        out.add(new Entry(id, data.getData()));
        next++;
        status = cursor.getNext(key, data, lockMode);
      }
    }
    return next;
  }

  private Database segmentForAppend() {
    if (segments.isEmpty()) {
      refreshSegments();
    }
    long rollEvery = this.rollEvery.getAsLong();
    if (segments.isEmpty() || lastId + 1 - segments.lastKey() >= rollEvery) {
      long name = lastId + 1;
      Database db = openSegment(name, true);
      segments.put(name, db);
      if (name > 1) {
        LOG.info("journal rolled: new segment database {} after {} entries", name, rollEvery);
      }
      return db;
    }
    return segments.lastEntry().getValue();
  }

  private long scanLastId() {
    refreshSegments();
    if (segments.isEmpty()) {
      return 0;
    }
    Database last = segments.lastEntry().getValue();
    DatabaseEntry key = new DatabaseEntry();
    DatabaseEntry data = new DatabaseEntry();
    data.setPartial(0, 0, true);
    try (Cursor cursor = last.openCursor(null, CursorConfig.READ_COMMITTED)) {
      if (cursor.getLast(key, data, LockMode.DEFAULT) == OperationStatus.SUCCESS) {
        return LongBinding.entryToLong(key);
      }
    }
    return segments.lastKey() - 1;
  }

  /**
   * Opens handles for segments created since we last looked (by the master, or by an earlier run),
   * and closes those of segments the master deleted.
   */
  private void refreshSegments() {
    Set<Long> present = new HashSet<>();
    for (String name : env().getDatabaseNames()) {
      if (!name.chars().allMatch(Character::isDigit) || name.isEmpty()) {
        continue;
      }
      long first = Long.parseLong(name);
      if (!segments.containsKey(first)) {
        try {
          segments.put(first, openSegment(first, false));
        } catch (DatabaseNotFoundException removedMeanwhile) {
          // the replication stream deleted it between listing and opening: it is gone, like the
          // others below
          continue;
        }
      }
      present.add(first);
    }
    segments
        .keySet()
        .removeIf(
            first -> {
              if (present.contains(first)) {
                return false;
              }
              closeQuietly(segments.get(first));
              return true;
            });
  }

  private static void closeQuietly(Database db) {
    try {
      db.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the handle of deleted segment {}: {}", db.getDatabaseName(), e.toString());
    }
  }

  private Database openSegment(long firstId, boolean create) {
    DatabaseConfig config = new DatabaseConfig();
    config.setTransactional(true);
    config.setAllowCreate(create);
    boolean replica = !create && env().getState() != ReplicatedEnvironment.State.MASTER;
    config.setReadOnly(replica);
    if (replica) {
      // In memory only (not a persistent trigger): bdbje calls it as it replays the master's writes
      // here.
      config.setTriggers(
          List.of(
              new ReplaySignal(
                  id -> {
                    java.util.function.LongConsumer listener = replayedCommits;
                    if (listener != null) {
                      listener.accept(id);
                    }
                  })));
      config.setOverrideTriggers(true);
    }
    return env().openDatabase(null, Long.toString(firstId), config);
  }

  private ReplicatedEnvironment env() {
    return bdb.env();
  }

  private static void abortQuietly(Transaction txn) {
    try {
      txn.abort();
    } catch (RuntimeException e) {
      LOG.warn("aborting a failed journal transaction also failed: {}", e.toString());
    }
  }

  @Override
  public boolean isUsable() {
    return env().isValid();
  }

  @Override
  public synchronized void reopenAfterRollback() {
    // Every handle belongs to the invalidated environment, which bdbje closes only once they are
    // closed.
    for (Database db : segments.values()) {
      closeQuietly(db);
    }
    segments.clear();
    bdb.reopenAfterRollback();
    lastId = scanLastId();
    LOG.info(
        "reopened the bdbje environment after a rollback; the journal now ends at id {}", lastId);
  }

  @Override
  public synchronized void reopen() {
    close();
    lastId = scanLastId();
  }

  @Override
  public synchronized void close() {
    for (Database db : segments.values()) {
      try {
        db.close();
      } catch (RuntimeException e) {
        LOG.warn("closing journal segment {} failed: {}", db.getDatabaseName(), e.toString());
      }
    }
    segments.clear();
  }
}
