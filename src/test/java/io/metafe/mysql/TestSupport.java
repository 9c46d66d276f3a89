package io.metafe.mysql;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny session that answers what JDBC drivers and the mysql CLI send at connect, plus a few test
 * hooks.
 */
final class TestSupport {
  private TestSupport() {}

  static final String PASSWORD = "s3cret!";

  /** root has an empty password, alice has {@link #PASSWORD}. */
  static final PasswordStore PASSWORDS =
      user ->
          switch (user) {
            case "root" -> PasswordStore.doubleSha1Of("");
            case "alice" -> PasswordStore.doubleSha1Of(PASSWORD);
            default -> null;
          };

  static MysqlServerConfig config(
      int maxConnections, int maxPacketBytes, Duration handshakeTimeout) {
    return new MysqlServerConfig(
        InetAddress.getLoopbackAddress(),
        0,
        "8.0.33-metafe-test",
        maxConnections,
        maxPacketBytes,
        handshakeTimeout);
  }

  static MysqlServerConfig config() {
    return config(50, 1 << 20, Duration.ofSeconds(5));
  }

  /** Records what happened across all sessions it opened. */
  static final class Factory implements SessionFactory {
    final List<ConnectionInfo> opened = new CopyOnWriteArrayList<>();
    final AtomicInteger closed = new AtomicInteger();
    final List<String> queries = new CopyOnWriteArrayList<>();

    @Override
    public Session open(ConnectionInfo info) {
      opened.add(info);
      return new NaiveSession(this);
    }
  }

  static final Map<String, String> VARIABLES =
      Map.ofEntries(
          Map.entry("auto_increment_increment", "1"),
          Map.entry("character_set_client", "utf8mb4"),
          Map.entry("character_set_connection", "utf8mb4"),
          Map.entry("character_set_results", "utf8mb4"),
          Map.entry("character_set_server", "utf8mb4"),
          Map.entry("collation_server", "utf8mb4_general_ci"),
          Map.entry("collation_connection", "utf8mb4_general_ci"),
          Map.entry("init_connect", ""),
          Map.entry("interactive_timeout", "28800"),
          Map.entry("license", "Apache"),
          Map.entry("lower_case_table_names", "0"),
          Map.entry("max_allowed_packet", "1048576"),
          Map.entry("net_write_timeout", "60"),
          Map.entry("performance_schema", "0"),
          Map.entry("query_cache_size", "0"),
          Map.entry("query_cache_type", "OFF"),
          Map.entry("sql_mode", "STRICT_TRANS_TABLES"),
          Map.entry("system_time_zone", "UTC"),
          Map.entry("time_zone", "SYSTEM"),
          Map.entry("transaction_isolation", "REPEATABLE-READ"),
          Map.entry("tx_isolation", "REPEATABLE-READ"),
          Map.entry("wait_timeout", "28800"),
          Map.entry("version_comment", "MetaFE test"),
          Map.entry("version", "8.0.33-metafe-test"));

  static final class NaiveSession implements Session {
    private final Factory factory;
    private String database;

    NaiveSession(Factory factory) {
      this.factory = factory;
    }

    @Override
    public Response query(String sql) {
      factory.queries.add(sql);
      String s = sql.replaceAll("(?s)/\\*.*?\\*/", "").trim();
      String lower = s.toLowerCase(Locale.ROOT);
      Response canned =
          switch (lower) {
            case "select typed" -> typed();
            case "select missing" -> Response.error(1146, "42S02", "Table 'x' doesn't exist");
            case "select boom" -> throw new IllegalStateException("boom from session");
            case "select database()" ->
                Response.resultSet(
                    List.of(ColumnMeta.of("database()", FieldType.VAR_STRING)),
                    List.of(java.util.Collections.singletonList(database)));
            default -> null;
          };
      if (canned != null) {
        return canned;
      }
      if (lower.startsWith("select")) {
        return select(s.substring("select".length()));
      }
      if (lower.startsWith("use ")) {
        return initDb(s.substring(4).trim().replace("`", ""));
      }
      if (lower.startsWith("insert")) {
        return new Response.Ok(3, 7, 0, "");
      }
      return Response.ok();
    }

    private static Response typed() {
      List<ColumnMeta> columns =
          List.of(
              new ColumnMeta("db", "t", "id", FieldType.LONGLONG, 20, 0, false),
              ColumnMeta.of("ratio", FieldType.DOUBLE),
              new ColumnMeta("db", "t", "price", FieldType.NEWDECIMAL, 12, 2, true),
              ColumnMeta.of("created", FieldType.DATETIME),
              ColumnMeta.of("name", FieldType.VARCHAR),
              ColumnMeta.of("nothing", FieldType.VARCHAR));
      List<String> row1 =
          java.util.Arrays.asList("42", "2.5", "12345.67", "2024-01-02 03:04:05", "héllo ☃", null);
      List<String> row2 =
          java.util.Arrays.asList("-9000000000", "-0.125", "0.01", "1999-12-31 23:59:59", "", "x");
      return Response.resultSet(columns, List.of(row1, row2));
    }

    /**
     * Columns named after their expression or alias; values from {@link #VARIABLES} or the
     * expression text.
     */
    private static Response select(String items) {
      String body = items.replaceAll("(?i)\\s+limit\\s+\\d+\\s*$", "").trim();
      List<ColumnMeta> columns = new ArrayList<>();
      List<String> row = new ArrayList<>();
      for (String item : splitTopLevel(body)) {
        String expr = item.trim();
        String name = expr;
        String[] parts = expr.split("(?i)\\s+as\\s+");
        if (parts.length == 2) {
          expr = parts[0].trim();
          name = parts[1].trim();
        }
        String value;
        if (expr.startsWith("@@")) {
          String var = expr.substring(2).replaceFirst("(?i)^(session|global)\\.", "");
          value = VARIABLES.getOrDefault(var.toLowerCase(Locale.ROOT), "0");
        } else if (expr.length() >= 2 && (expr.startsWith("'") || expr.startsWith("\""))) {
          value = expr.substring(1, expr.length() - 1);
          name = parts.length == 2 ? name : value;
        } else if (expr.equalsIgnoreCase("null")) {
          value = null;
        } else {
          value = expr;
        }
        columns.add(ColumnMeta.of(name, FieldType.VAR_STRING));
        row.add(value);
      }
      return Response.resultSet(columns, List.of(row));
    }

    private static List<String> splitTopLevel(String s) {
      List<String> out = new ArrayList<>();
      int depth = 0;
      char quote = 0;
      int start = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (c == ',' && depth == 0) {
          out.add(s.substring(start, i));
          start = i + 1;
        }
      }
      out.add(s.substring(start));
      return out;
    }

    @Override
    public Response initDb(String database) {
      if (database.equals("nosuchdb")) {
        return Response.error(1049, "42000", "Unknown database 'nosuchdb'");
      }
      this.database = database;
      return Response.ok();
    }

    @Override
    public Response fieldList(String table, String wildcard) {
      if (!table.equals("t")) {
        return Response.error(1146, "42S02", "Table '" + table + "' doesn't exist");
      }
      return Response.columnsOnly(
          List.of(
              new ColumnMeta("db", "t", "id", FieldType.LONGLONG, 20, 0, false),
              ColumnMeta.of("name", FieldType.VARCHAR)));
    }

    @Override
    public void close() {
      factory.closed.incrementAndGet();
    }
  }

  /** Polls until the condition holds or two seconds pass; returns whether it held. */
  static boolean eventually(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
