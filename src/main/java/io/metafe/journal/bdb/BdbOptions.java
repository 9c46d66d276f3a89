package io.metafe.journal.bdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open the bdbje environment of one FE.
 *
 * @param nodeName this FE's JE node name (from the ROLE file)
 * @param hostPort this FE's {@code host:edit_log_port}
 * @param helperHostPort the member to contact when joining; this FE's own address for the first FE
 * @param masterSync master_sync_policy: SYNC, NO_SYNC or WRITE_NO_SYNC
 * @param replicaSync replica_sync_policy
 * @param replicaAck replica_ack_policy: ALL, NONE or SIMPLE_MAJORITY
 * @param reservedDiskBytes how many bytes of cleaned log files JE may keep around for lagging
 *     replicas before it deletes them (bdbje_reserved_disk_size); 0 leaves bdbje's default, which
 *     keeps them until the disk is nearly full
 * @param unknownStateTimeoutMillis how long opening waits for an election before it returns with no
 *     master known
 */
public record BdbOptions(
    Path envHome,
    String groupName,
    String nodeName,
    String hostPort,
    String helperHostPort,
    boolean electable,
    String masterSync,
    String replicaSync,
    String replicaAck,
    int heartbeatTimeoutSeconds,
    int heartbeatIntervalMillis,
    int electionTimeoutMillis,
    int replicaAckTimeoutSeconds,
    int lockTimeoutSeconds,
    long maxClockDeltaMillis,
    int txnRollbackLimit,
    int cachePercent,
    long reservedDiskBytes,
    int unknownStateTimeoutMillis) {

  /**
   * The bdbje group name every MetaFE cluster uses; kept from the systems MetaFE is compatible
   * with.
   */
  public static final String GROUP_NAME = "PALO_JOURNAL_GROUP";

  /**
   * The same options joining through {@code helper}: a member reopening its environment names
   * itself.
   */
  public BdbOptions withHelper(String helper) {
    return new BdbOptions(
        envHome,
        groupName,
        nodeName,
        hostPort,
        helper,
        electable,
        masterSync,
        replicaSync,
        replicaAck,
        heartbeatTimeoutSeconds,
        heartbeatIntervalMillis,
        electionTimeoutMillis,
        replicaAckTimeoutSeconds,
        lockTimeoutSeconds,
        maxClockDeltaMillis,
        txnRollbackLimit,
        cachePercent,
        reservedDiskBytes,
        unknownStateTimeoutMillis);
  }

  public BdbOptions {
    Objects.requireNonNull(envHome, "envHome");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(hostPort, "hostPort");
    Objects.requireNonNull(helperHostPort, "helperHostPort");
    if (reservedDiskBytes < 0) {
      throw new IllegalArgumentException("reservedDiskBytes must not be negative");
    }
  }
}
