package io.metafe.journal.memory;

import io.metafe.journal.Journal;
import io.metafe.journal.JournalException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps entries in a list. Thread-safe. {@link #failNextAppend} lets tests exercise the failure
 * path.
 */
public final class MemoryJournal implements Journal {
  private final List<byte[]> entries = new ArrayList<>();

  /** Entries below this id were deleted; their slots in {@link #entries} hold null. */
  private long firstId = 1;

  private int flushes;
  private JournalException failNextAppend;
  private boolean appendBeforeFailing;
  private boolean closed;

  @Override
  public synchronized long lastId() {
    return entries.size();
  }

  @Override
  public synchronized long firstId() {
    return firstId;
  }

  @Override
  public synchronized long deleteThrough(long lastDeletable) {
    long keepFrom = Math.min(lastDeletable + 1, entries.size());
    while (firstId < keepFrom) {
      entries.set((int) firstId - 1, null);
      firstId++;
    }
    return firstId;
  }

  @Override
  public synchronized long append(List<byte[]> batch) {
    if (closed) {
      throw new JournalException("journal is closed");
    }
    JournalException failure = failNextAppend;
    failNextAppend = null;
    if (failure != null && !appendBeforeFailing) {
      throw failure;
    }
    for (byte[] e : batch) {
      entries.add(e.clone());
    }
    if (failure != null) {
      throw failure;
    }
    return entries.size();
  }

  @Override
  public synchronized List<Entry> read(long fromId, int max) {
    if (fromId < firstId) {
      throw new JournalException(
          "journal id " + fromId + " is no longer held; the oldest held is " + firstId);
    }
    List<Entry> out = new ArrayList<>();
    for (long id = fromId; id <= entries.size() && out.size() < max; id++) {
      out.add(new Entry(id, entries.get((int) id - 1).clone()));
    }
    return out;
  }

  @Override
  public synchronized void flush() {
    flushes++;
  }

  /** How often {@link #flush} was called; checkpoints must flush before they name an image. */
  public synchronized int flushCount() {
    return flushes;
  }

  /** Makes the next append fail with this message, as a full disk would: nothing is appended. */
  public synchronized void failNextAppend(String cause) {
    failNextAppend(new JournalException(cause), false);
  }

  /**
   * Makes the next append throw {@code failure}; with {@code appendFirst} the entries are appended
   * before it is thrown, as when a commit reached the local journal but its acknowledgements did
   * not come.
   */
  public synchronized void failNextAppend(JournalException failure, boolean appendFirst) {
    failNextAppend = failure;
    appendBeforeFailing = appendFirst;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
