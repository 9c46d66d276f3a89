package io.metafe.session;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The system variables MetaFE knows, with their global values: what MySQL clients read when they connect, plus
 * MetaFE's own. Immutable after construction; each session keeps its own overrides in {@link SessionState}.
 * Names compare case-insensitively.
 */
public final class SystemVariables {
  private final Map<String, Object> globals = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public SystemVariables(String serverVersion, String versionComment, int queryPort, String timeZone,
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
    put("transaction_isolation", "REPEATABLE-READ");
    put("transaction_read_only", 0L);
    put("tx_isolation", "REPEATABLE-READ");
    put("tx_read_only", 0L);
    put("version", serverVersion);
    put("version_comment", versionComment);
    put("version_compile_os", "Linux");
    put("wait_timeout", 28_800L);
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
