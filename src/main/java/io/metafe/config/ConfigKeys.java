package io.metafe.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every fe.conf key MetaFE reads, with StarRocks' names and defaults. A key not declared here is
 * reported as unknown, except the few that only the scripts read.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  public static final ConfigKey<String> META_DIR =
      ConfigKey.text(
          "meta_dir",
          "${FE_HOME}/meta",
          "directory holding image/ (VERSION, ROLE, image.N) and bdb/ (the journal)");
  public static final ConfigKey<String> SYS_LOG_DIR =
      ConfigKey.text(
          "sys_log_dir", "${FE_HOME}/log", "directory for fe.log, fe.warn.log and fe.out");
  public static final ConfigKey<String> SYS_LOG_LEVEL =
      ConfigKey.oneOf(
          "sys_log_level", "INFO", "level of fe.log", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
  public static final ConfigKey<Integer> SYS_LOG_ROLL_NUM =
      ConfigKey.integer(
          "sys_log_roll_num", 10, 1, 1000, false, "how many rolled fe.log files to keep");
  public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.port("http_port", 8030, "HTTP port");
  public static final ConfigKey<Integer> RPC_PORT = ConfigKey.port("rpc_port", 9020, "RPC port");
  public static final ConfigKey<Integer> QUERY_PORT =
      ConfigKey.port("query_port", 9030, "MySQL protocol port");
  public static final ConfigKey<Integer> EDIT_LOG_PORT =
      ConfigKey.port("edit_log_port", 9010, "bdbje replication port; part of this FE's identity");
  public static final ConfigKey<String> PRIORITY_NETWORKS =
      new ConfigKey<>(
          "priority_networks",
          "",
          Networks::parsePriorityNetworks,
          false,
          "CIDRs or IPs, separated by ';', choosing this FE's address");
  public static final ConfigKey<String> FRONTEND_ADDRESS =
      new ConfigKey<>(
          "frontend_address",
          "0.0.0.0",
          Networks::parseAddress,
          false,
          "this FE's address; 0.0.0.0 means choose through priority_networks");
  public static final ConfigKey<String> MASTER_SYNC_POLICY =
      ConfigKey.oneOf(
          "master_sync_policy",
          "SYNC",
          "how the master flushes a commit",
          "SYNC",
          "NO_SYNC",
          "WRITE_NO_SYNC");
  public static final ConfigKey<String> REPLICA_SYNC_POLICY =
      ConfigKey.oneOf(
          "replica_sync_policy",
          "SYNC",
          "how a follower flushes a commit",
          "SYNC",
          "NO_SYNC",
          "WRITE_NO_SYNC");
  public static final ConfigKey<String> REPLICA_ACK_POLICY =
      ConfigKey.oneOf(
          "replica_ack_policy",
          "SIMPLE_MAJORITY",
          "which followers must acknowledge a commit",
          "ALL",
          "NONE",
          "SIMPLE_MAJORITY");
  public static final ConfigKey<Integer> BDBJE_HEARTBEAT_TIMEOUT_SECOND =
      ConfigKey.integer(
          "bdbje_heartbeat_timeout_second",
          2,
          1,
          3600,
          false,
          "seconds without a bdbje heartbeat before a master or follower is considered gone (StarRocks: 30)");
  public static final ConfigKey<Integer> BDBJE_HEARTBEAT_INTERVAL_MS =
      ConfigKey.integer(
          "bdbje_heartbeat_interval_ms",
          250,
          50,
          60_000,
          false,
          "how often the master sends bdbje heartbeats");
  public static final ConfigKey<Integer> BDBJE_ELECTION_TIMEOUT_MS =
      ConfigKey.integer(
          "bdbje_election_timeout_ms",
          200,
          100,
          600_000,
          false,
          "how long one bdbje election round waits");
  public static final ConfigKey<Integer> MASTER_UNRESPONSIVE_TIMEOUT_MS =
      ConfigKey.integer(
          "master_unresponsive_timeout_ms",
          600,
          0,
          60_000,
          false,
          "a replica whose master has not answered MetaFE's probe for this long has bdbje start an"
              + " election at once (bdbje alone notices 2 to 3 s late); 0 leaves it to bdbje");
  public static final ConfigKey<Integer> META_DELAY_TOLERATION_SECOND =
      ConfigKey.integer(
          "meta_delay_toleration_second",
          300,
          1,
          86_400,
          false,
          "a non-master FE refuses reads once it has been behind the master for this long");
  public static final ConfigKey<Integer> BDBJE_REPLICA_ACK_TIMEOUT_SECOND =
      ConfigKey.integer(
          "bdbje_replica_ack_timeout_second",
          10,
          1,
          3600,
          false,
          "how long a commit waits for follower acks");
  public static final ConfigKey<Integer> BDBJE_LOCK_TIMEOUT_SECOND =
      ConfigKey.integer("bdbje_lock_timeout_second", 1, 1, 3600, false, "bdbje lock timeout");
  public static final ConfigKey<Long> MAX_BDBJE_CLOCK_DELTA_MS =
      ConfigKey.longInteger(
          "max_bdbje_clock_delta_ms",
          5000,
          0,
          60_000,
          false,
          "largest clock difference bdbje tolerates between FEs (bdbje allows at most 60000)");
  public static final ConfigKey<Integer> TXN_ROLLBACK_LIMIT =
      ConfigKey.integer(
          "txn_rollback_limit",
          100,
          0,
          1_000_000,
          false,
          "most commits bdbje may roll back when a former master rejoins");
  public static final ConfigKey<Long> EDIT_LOG_ROLL_NUM =
      ConfigKey.longInteger(
          "edit_log_roll_num",
          50_000,
          1,
          100_000_000,
          true,
          "journal entries per bdbje database before a new one starts, and between two checkpoints");
  public static final ConfigKey<Long> BDBJE_RESERVED_DISK_SIZE =
      ConfigKey.longInteger(
          "bdbje_reserved_disk_size",
          512L << 20,
          4L << 20,
          Long.MAX_VALUE,
          false,
          "bytes of already-cleaned bdbje log files kept (for lagging FEs) beyond the live journal; bounds bdb/");
  public static final ConfigKey<Integer> CHECKPOINT_IMAGE_KEEP_NUM =
      ConfigKey.integer(
          "checkpoint_image_keep_num",
          2,
          2,
          1000,
          true,
          "how many of the newest image.N files each FE keeps (at least 2)");
  public static final ConfigKey<Long> MAX_TRANSACTION_BYTES =
      ConfigKey.longInteger(
          "max_transaction_bytes",
          64L << 20,
          1024,
          1L << 30,
          true,
          "the most bytes the writes of one multi-statement transaction may take in its"
              + " journal entry; a statement that would pass it fails with error 1197 and the transaction stays open");
  public static final ConfigKey<Integer> CHECKPOINT_INTERVAL_SECOND =
      ConfigKey.integer(
          "checkpoint_interval_second",
          600,
          0,
          Integer.MAX_VALUE,
          true,
          "an FE whose metadata changed since its newest image writes a new one once"
              + " that image is this many seconds old, however few entries it replayed; 0 disables this time trigger");
  public static final ConfigKey<Boolean> METADATA_FAILURE_RECOVERY =
      ConfigKey.bool(
          "metadata_failure_recovery",
          false,
          "reset the bdbje group so that this FE starts alone as MASTER (recovery after losing the majority);"
              + " remove it after the recovery start");
  public static final ConfigKey<Boolean> BDBJE_RESET_ELECTION_GROUP =
      ConfigKey.bool(
          "bdbje_reset_election_group", false, "the newer name of metadata_failure_recovery");
  public static final ConfigKey<Integer> CLUSTER_ID =
      new ConfigKey<>(
          "cluster_id",
          "-1",
          ConfigKeys::clusterId,
          false,
          "fixed cluster id for a new cluster; -1 picks a random one");
  public static final ConfigKey<String> AUTH_TOKEN =
      ConfigKey.text(
          "auth_token", "", "fixed cluster token for a new cluster; empty picks a random one");
  public static final ConfigKey<String> MYSQL_SERVER_VERSION =
      ConfigKey.text(
          "mysql_server_version", "8.0.33", "the server version reported to MySQL clients");
  public static final ConfigKey<Integer> QE_MAX_CONNECTION =
      ConfigKey.integer(
          "qe_max_connection", 1024, 1, 100_000, false, "most concurrent MySQL connections");
  public static final ConfigKey<Integer> QUERY_TIMEOUT_SECOND =
      ConfigKey.integer(
          "query_timeout_second",
          300,
          1,
          86_400,
          false,
          "how long a statement may wait for its write to commit");

  static final List<ConfigKey<?>> ALL =
      List.of(
          META_DIR,
          SYS_LOG_DIR,
          SYS_LOG_LEVEL,
          SYS_LOG_ROLL_NUM,
          HTTP_PORT,
          RPC_PORT,
          QUERY_PORT,
          EDIT_LOG_PORT,
          PRIORITY_NETWORKS,
          FRONTEND_ADDRESS,
          MASTER_SYNC_POLICY,
          REPLICA_SYNC_POLICY,
          REPLICA_ACK_POLICY,
          BDBJE_HEARTBEAT_TIMEOUT_SECOND,
          BDBJE_HEARTBEAT_INTERVAL_MS,
          BDBJE_ELECTION_TIMEOUT_MS,
          MASTER_UNRESPONSIVE_TIMEOUT_MS,
          META_DELAY_TOLERATION_SECOND,
          BDBJE_REPLICA_ACK_TIMEOUT_SECOND,
          BDBJE_LOCK_TIMEOUT_SECOND,
          MAX_BDBJE_CLOCK_DELTA_MS,
          TXN_ROLLBACK_LIMIT,
          EDIT_LOG_ROLL_NUM,
          BDBJE_RESERVED_DISK_SIZE,
          CHECKPOINT_IMAGE_KEEP_NUM,
          CHECKPOINT_INTERVAL_SECOND,
          METADATA_FAILURE_RECOVERY,
          BDBJE_RESET_ELECTION_GROUP,
          CLUSTER_ID,
          AUTH_TOKEN,
          MYSQL_SERVER_VERSION,
          QE_MAX_CONNECTION,
          QUERY_TIMEOUT_SECOND,
          MAX_TRANSACTION_BYTES);

  static final Map<String, ConfigKey<?>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

  /** Keys read by bin/start_fe.sh, not by the FE process; accepted without a warning. */
  static final Set<String> SCRIPT_KEYS =
      Set.of(
          "JAVA_OPTS",
          "JAVA_OPTS_FOR_JDK_9",
          "JAVA_OPTS_FOR_JDK_11",
          "JAVA_OPTS_FOR_JDK_17",
          "JAVA_HOME",
          "LOG_DIR",
          "DATE",
          "STOP_TIMEOUT_SECOND");

  private static int clusterId(String v) {
    try {
      int id = Integer.parseInt(v.strip());
      if (id == -1 || id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "must be -1 (choose one) or a positive integer up to " + Integer.MAX_VALUE);
  }

  public static List<ConfigKey<?>> all() {
    return ALL;
  }
}
