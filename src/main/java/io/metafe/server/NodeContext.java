package io.metafe.server;

import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.journal.bdb.BdbOptions;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.NodeIdentity;
import io.metafe.records.FrontendRole;
import io.metafe.time.Clock;

/**
 * What one start of this FE established before bdbje opens, fixed for the life of the process:
 * where it listens, who it is and how it enters bdbje's group. Built once by {@link NodeStartup},
 * handed by constructor to {@link FeServices}.
 *
 * @param config fe.conf; the reference is fixed, though ADMIN SET FRONTEND CONFIG changes the
 *     mutable keys (never the ports), so those are read where they are used
 * @param clock the one clock of this FE, handed to every service it builds
 * @param host the address every port of this FE listens on ({@link SelfAddress})
 * @param helper the {@code --helper} of this start, or null when it has none
 * @param metaDir this FE's meta_dir, locked by this process
 * @param stored the cluster and node identity: from image/VERSION and image/ROLE, or for a joining
 *     FE as the helper gave them (written to the meta_dir only once bdbje accepts this node)
 * @param joinedNow whether this start joins the cluster through the helper (the meta_dir was empty)
 * @param recoveredNow whether this start reset bdbje's group (metadata failure recovery)
 * @param electionWaitMillis how long opening bdbje waits for an election
 * @param startTime wall millis when this FE began starting; reported as its start time
 * @param identifiedAtMillis the clock's monotonic millis when this FE learned its identity: a
 *     master that has not answered yet has been silent since then
 */
record NodeContext(
    FeConfig config,
    Clock clock,
    String host,
    Helper helper,
    MetaDir metaDir,
    MetaDir.Stored stored,
    boolean joinedNow,
    boolean recoveredNow,
    int electionWaitMillis,
    long startTime,
    long identifiedAtMillis) {

  /** The wait for an election when nothing says it cannot succeed yet. */
  static final int ELECTION_WAIT_MILLIS = 5000;

  String nodeName() {
    return stored.node().name();
  }

  int clusterId() {
    return stored.cluster().clusterId();
  }

  int editLogPort() {
    return config.get(ConfigKeys.EDIT_LOG_PORT);
  }

  int httpPort() {
    return config.get(ConfigKeys.HTTP_PORT);
  }

  int queryPort() {
    return config.get(ConfigKeys.QUERY_PORT);
  }

  /** Whether this FE votes in elections (a FOLLOWER) rather than only replays (an OBSERVER). */
  boolean electable() {
    return stored.node().role() == FrontendRole.FOLLOWER;
  }

  /** {@code host:edit_log_port}: this FE's address in bdbje's group. */
  String selfAddress() {
    return host + ":" + editLogPort();
  }

  /** How this FE opens bdbje on this start. */
  BdbOptions bdbOptions() {
    // Only a joining FE needs the helper: a member finds the group through bdbje's own record of it
    // (as StarRocks ignores --helper once ROLE and VERSION exist), and after a reset this FE is the
    // group's only member.
    String helperAddress = joinedNow ? helper.editLogAddress() : selfAddress();
    return bdbOptions(config, host, stored.node(), helperAddress, electionWaitMillis);
  }

  /**
   * bdbje's settings for this FE; also what a recovery's group reset uses, before the context
   * exists.
   */
  static BdbOptions bdbOptions(
      FeConfig config,
      String host,
      NodeIdentity node,
      String helperAddress,
      int electionWaitMillis) {
    return new BdbOptions(
        config.metaDir().resolve("bdb"),
        BdbOptions.GROUP_NAME,
        node.name(),
        host + ":" + config.get(ConfigKeys.EDIT_LOG_PORT),
        helperAddress,
        node.role() == FrontendRole.FOLLOWER,
        config.get(ConfigKeys.MASTER_SYNC_POLICY),
        config.get(ConfigKeys.REPLICA_SYNC_POLICY),
        config.get(ConfigKeys.REPLICA_ACK_POLICY),
        config.get(ConfigKeys.BDBJE_HEARTBEAT_TIMEOUT_SECOND),
        config.get(ConfigKeys.BDBJE_HEARTBEAT_INTERVAL_MS),
        config.get(ConfigKeys.BDBJE_ELECTION_TIMEOUT_MS),
        config.get(ConfigKeys.BDBJE_REPLICA_ACK_TIMEOUT_SECOND),
        config.get(ConfigKeys.BDBJE_LOCK_TIMEOUT_SECOND),
        config.get(ConfigKeys.MAX_BDBJE_CLOCK_DELTA_MS),
        config.get(ConfigKeys.TXN_ROLLBACK_LIMIT),
        20,
        config.get(ConfigKeys.BDBJE_RESERVED_DISK_SIZE),
        electionWaitMillis);
  }
}
