package io.metafe.bench;

import io.metafe.config.ConfigKey;
import io.metafe.config.ConfigKeys;
import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.journal.bdb.BdbJournal;
import io.metafe.journal.bdb.BdbOptions;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real journal: a single-node bdbje replication group on a free loopback port, opened with the
 * settings a freshly configured FE uses (fe.conf defaults, 20% JE cache), so that append and read
 * costs are the product's.
 */
final class BenchJournal implements AutoCloseable {
  final BdbEnvironment env;
  final BdbJournal journal;

  /**
   * The node's edit log port; reopening the environment must use it again, as the group recorded
   * it.
   */
  final int port;

  private BenchJournal(BdbEnvironment env, BdbJournal journal, int port) {
    this.env = env;
    this.journal = journal;
    this.port = port;
  }

  /** Creates the environment on a free loopback port. */
  static BenchJournal open(Path envHome) throws java.io.IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return open(envHome, port);
  }

  static BenchJournal open(Path envHome, int port) {
    String self = "127.0.0.1:" + port;
    BdbEnvironment env =
        BdbEnvironment.open(
            new BdbOptions(
                envHome,
                BdbOptions.GROUP_NAME,
                "127.0.0.1_" + port + "_1",
                self,
                self,
                true,
                fe(ConfigKeys.MASTER_SYNC_POLICY),
                fe(ConfigKeys.REPLICA_SYNC_POLICY),
                fe(ConfigKeys.REPLICA_ACK_POLICY),
                fe(ConfigKeys.BDBJE_HEARTBEAT_TIMEOUT_SECOND),
                fe(ConfigKeys.BDBJE_HEARTBEAT_INTERVAL_MS),
                fe(ConfigKeys.BDBJE_ELECTION_TIMEOUT_MS),
                fe(ConfigKeys.BDBJE_REPLICA_ACK_TIMEOUT_SECOND),
                fe(ConfigKeys.BDBJE_LOCK_TIMEOUT_SECOND),
                fe(ConfigKeys.MAX_BDBJE_CLOCK_DELTA_MS),
                fe(ConfigKeys.TXN_ROLLBACK_LIMIT),
                20,
                fe(ConfigKeys.BDBJE_RESERVED_DISK_SIZE),
                5000),
            Clock.system());
    try {
      long rollEvery = fe(ConfigKeys.EDIT_LOG_ROLL_NUM);
      return new BenchJournal(env, BdbJournal.open(env, () -> rollEvery, Clock.system()), port);
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  private static <T> T fe(ConfigKey<T> key) {
    return key.parser().apply(key.defaultText());
  }

  /**
   * Appends the records in commits of {@code perCommit} entries, as the write path's group commit
   * would.
   */
  long append(Iterable<? extends JournalRecord> records, int perCommit) {
    List<byte[]> batch = new ArrayList<>(perCommit);
    for (JournalRecord r : records) {
      batch.add(RecordCodec.encode(r));
      if (batch.size() == perCommit) {
        journal.append(batch);
        batch.clear();
      }
    }
    return journal.append(batch);
  }

  @Override
  public void close() {
    try {
      journal.close();
    } finally {
      env.close();
    }
  }
}
