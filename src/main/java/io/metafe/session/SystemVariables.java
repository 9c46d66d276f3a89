package io.metafe.session;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The system variables MetaFE knows, with their global values: what MySQL clients read when they
 * connect, plus MetaFE's own. Immutable after construction; each session keeps its own overrides in
 * {@link SessionState}. Names compare case-insensitively.
 */
public final class SystemVariables {
  private final Map<String, Object> globals = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public SystemVariables(
      String serverVersion,
      String versionComment,
      int queryPort,
      String timeZone,
      long queryTimeoutSeconds) {
    put("auto_increment_increment", 1L);
    put("auto_increment_offset", 1L);
    put("autocommit", 1L);
    put("character_set_client", "utf8mb4");
    put("character_set_connection", "utf8mb4");
    put("character_set_database", "utf8mb4");
    put("character_set_results", "utf8mb4");
    put("character_set_server", "utf8mb4");
    put("character_set_system", "utf8");
    put("collation_connection", "utf8mb4_general_ci");
    put("collation_database", "utf8mb4_general_ci");
    put("collation_server", "utf8mb4_general_ci");
    put("default_storage_engine", "OLAP");
    put("div_precision_increment", 4L);
    put("group_concat_max_len", 1024L);
    put("have_query_cache", "NO");
    put("init_connect", "");
    put("interactive_timeout", 3600L);
    put("language", "/usr/share/mysql/");
    put("license", "Apache License 2.0");
    put("lower_case_table_names", 0L);
    put("max_allowed_packet", 33_554_432L);
    put("net_buffer_length", 16_384L);
    put("net_read_timeout", 60L);
    put("net_write_timeout", 60L);
    put("performance_schema", 0L);
    put("port", (long) queryPort);
    put("protocol_version", 10L);
    put("query_cache_size", 1_048_576L);
    put("query_cache_type", "OFF");
    put("query_timeout", queryTimeoutSeconds);
    put("sql_auto_is_null", 0L);
    put("sql_mode", "STRICT_TRANS_TABLES");
    put("sql_safe_updates", 0L);
    put("sql_select_limit", Long.MAX_VALUE);
    put("system_time_zone", timeZone);
    put("time_zone", timeZone);
    // What a transaction reads: the newest committed state with its own writes on top
    // (docs/compatibility.md).
    put("transaction_isolation", "READ-COMMITTED");
    put("transaction_read_only", 0L);
    put("tx_isolation", "READ-COMMITTED");
    put("tx_read_only", 0L);
    put("version", serverVersion);
    put("version_comment", versionComment);
    put("version_compile_os", "Linux");
    put("wait_timeout", 28_800L);
    // Variables that dump tools, drivers and ORMs read or set at the start of a session. They are
    // accepted and shown; none changes what MetaFE does (it has no binary log, foreign keys or
    // unique checks to turn off).
    put("big_tables", 0L);
    put("character_set_filesystem", "binary");
    put("completion_type", "NO_CHAIN");
    put("default_week_format", 0L);
    put("explicit_defaults_for_timestamp", 1L);
    put("foreign_key_checks", 1L);
    put("hostname", "localhost");
    put("identity", 0L);
    put("information_schema_stats_expiry", 86_400L);
    put("innodb_lock_wait_timeout", 50L);
    put("insert_id", 0L);
    put("last_insert_id", 0L);
    put("lock_wait_timeout", 31_536_000L);
    put("max_execution_time", 0L);
    put("net_retry_count", 10L);
    put("old_alter_table", 0L);
    put("sql_big_selects", 1L);
    put("sql_buffer_result", 0L);
    put("sql_log_bin", 1L);
    put("sql_notes", 1L);
    put("sql_quote_show_create", 1L);
    put("sql_warnings", 0L);
    put("unique_checks", 1L);
    put("version_compile_machine", "x86_64");
  }

  private void put(String name, Object value) {
    globals.put(name, value);
  }

  public boolean isKnown(String name) {
    return globals.containsKey(name);
  }

  /**
   * The global value.
   *
   * @throws SqlException 1193 for a variable MetaFE does not have
   */
  public Object global(String name) {
    Object v = globals.get(name);
    if (v == null && !globals.containsKey(name)) {
      throw SqlException.of(SqlError.UNKNOWN_SYSTEM_VARIABLE, name.toLowerCase(Locale.ROOT));
    }
    return v;
  }

  /** All variables in name order, for SHOW VARIABLES. */
  public Map<String, Object> all() {
    return java.util.Collections.unmodifiableMap(globals);
  }
}
