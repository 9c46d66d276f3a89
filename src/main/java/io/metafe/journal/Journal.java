package io.metafe.journal;

import java.util.List;

/**
 * An append-only sequence of entries under consecutive ids. Implementations are thread-safe, but
 * the write path calls {@link #append} from one thread only.
 */
public interface Journal extends AutoCloseable {

  /** The id of the last durable entry; 0 when the journal is empty. */
  long lastId();

  /**
   * The id of the oldest entry still held: 1 until old entries are deleted, {@code lastId() + 1}
   * when none is held.
   */
  long firstId();

  /**
   * Appends the entries under ids {@code lastId()+1 ..} as one atomic step, and returns once they
   * are durable at the configured policy.
   *
   * @return the id of the last entry appended
   * @throws JournalException if the entries were not appended; none of them is then visible
   */
  long append(List<byte[]> entries);

  /**
   * Reads up to {@code max} entries starting at {@code fromId}, in id order; fewer (or none) when
   * the journal ends sooner.
   *
   * @throws JournalException if {@code fromId} is no longer held or the journal cannot be read
   */
  List<Entry> read(long fromId, int max);

  /**
   * Registers the one listener told the highest id of each transaction this node replays from the
   * master, once it has committed here: entries up to that id can then be read without waiting on
   * bdbje. Called on bdbje's replay thread, so it must return at once. A journal that cannot tell
   * (or a segment opened before the master created it) stays silent: readers must still look now
   * and then.
   */
  default void onReplayedCommit(java.util.function.LongConsumer listener) {}

  /**
   * Re-reads the last id from storage, for a replica whose journal grows underneath it.
   *
   * @return the new last id
   */
  default long refreshLastId() {
    return lastId();
  }

  /**
   * False once the storage below can no longer be used as it is (bdbje invalidates its environment
   * to roll back entries this node committed but the group's master does not have); {@link
   * #reopenAfterRollback} recovers.
   */
  default boolean isUsable() {
    return true;
  }

  /**
   * Reopens the storage after it became unusable, letting the replication layer roll back what it
   * must. Afterwards the journal may end before ids that were read from it earlier, and hold other
   * entries under those ids later.
   *
   * @throws JournalException when it cannot be reopened
   */
  default void reopenAfterRollback() {
    throw new JournalException("this journal cannot be reopened after a rollback");
  }

  /**
   * Deletes old entries, whole segments at a time, keeping every entry after {@code lastDeletable}
   * and at least the newest segment. Only the writer (the master) may call it; replicas learn of
   * the deletion through the journal.
   *
   * @return the new {@link #firstId()}
   */
  long deleteThrough(long lastDeletable);

  /**
   * Makes every entry this node holds durable on its own disk, whatever the commit durability was.
   */
  default void flush() {}

  /**
   * Drops cached handles, e.g. read-only ones opened while this node was a replica and now must
   * write.
   */
  default void reopen() {}

  @Override
  void close();

  /** One entry. The bytes are owned by the caller once returned. */
  record Entry(long id, byte[] data) {}
}
