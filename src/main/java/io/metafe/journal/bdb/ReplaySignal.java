package io.metafe.journal.bdb;

import com.sleepycat.bind.tuple.LongBinding;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.Transaction;
import com.sleepycat.je.trigger.ReplicatedDatabaseTrigger;
import com.sleepycat.je.trigger.TransactionTrigger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * A transient bdbje trigger on one journal segment of a replica: as bdbje replays the master's
 * transactions it notes the highest id each one puts, and reports that id once the transaction
 * commits here, so that the replayer wakes at once instead of polling. Runs on bdbje's replay
 * thread: it only records and hands on a number.
 */
final class ReplaySignal implements ReplicatedDatabaseTrigger, TransactionTrigger {
  private final LongConsumer committed;
  private final Map<Long, Long> highestPutByTxn = new ConcurrentHashMap<>();
  private String databaseName;

  ReplaySignal(LongConsumer committed) {
    this.committed = committed;
  }

  @Override
  public String getName() {
    return "metafe-replay-signal";
  }

  @Override
  public ReplaySignal setDatabaseName(String name) {
    this.databaseName = name;
    return this;
  }

  @Override
  public String getDatabaseName() {
    return databaseName;
  }

  @Override
  public void put(
      Transaction txn, DatabaseEntry key, DatabaseEntry oldData, DatabaseEntry newData) {
    if (txn != null) {
      highestPutByTxn.merge(txn.getId(), LongBinding.entryToLong(key), Math::max);
    }
  }

  @Override
  public void commit(Transaction txn) {
    Long highest = highestPutByTxn.remove(txn.getId());
    if (highest != null) {
      committed.accept(highest);
    }
  }

  @Override
  public void abort(Transaction txn) {
    highestPutByTxn.remove(txn.getId());
  }

  @Override
  public void delete(Transaction txn, DatabaseEntry key, DatabaseEntry oldData) {}

  @Override
  public void addTrigger(Transaction txn) {}

  @Override
  public void removeTrigger(Transaction txn) {}

  @Override
  public void repeatTransaction(Transaction txn) {}

  @Override
  public void repeatAddTrigger(Transaction txn) {}

  @Override
  public void repeatRemoveTrigger(Transaction txn) {}

  @Override
  public void repeatCreate(Transaction txn) {}

  @Override
  public void repeatRemove(Transaction txn) {}

  @Override
  public void repeatTruncate(Transaction txn) {}

  @Override
  public void repeatRename(Transaction txn, String newName) {}

  @Override
  public void repeatPut(Transaction txn, DatabaseEntry key, DatabaseEntry newData) {}

  @Override
  public void repeatDelete(Transaction txn, DatabaseEntry key) {}
}
