package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Frontend;
import io.metafe.catalog.Table;
import io.metafe.mysql.Response;
import io.metafe.records.Column;
import io.metafe.records.DataType;
import io.metafe.records.FrontendRole;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.TableName;
import io.metafe.sql.eval.LikePattern;
import io.metafe.sql.eval.QueryResult;
import io.metafe.sql.eval.RowSource;
import io.metafe.sql.eval.ValueFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SHOW statements. Each reads one catalog snapshot, so its rows are consistent with each other.
 */
final class Shows {
  static final List<String> FRONTEND_COLUMNS =
      List.of(
          "Name",
          "IP",
          "HostName",
          "EditLogPort",
          "HttpPort",
          "QueryPort",
          "RpcPort",
          "Role",
          "IsMaster",
          "ClusterId",
          "Join",
          "Alive",
          "ReplayedJournalId",
          "LastHeartbeat",
          "IsHelper",
          "ErrMsg",
          "StartTime",
          "Version");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final FeSession session;

  Shows(FeSession session) {
    this.session = session;
  }

  Response execute(Statement s) {
    if (s instanceof Statement.ShowDatabases d) {
      List<String> all = new ArrayList<>(List.of(InformationSchema.NAME));
      all.addAll(session.catalog().databases().keySet().toJavaList());
      return names("Database", all, d.likeOrNull());
    } else if (s instanceof Statement.ShowTables t) {
      return tables(t);
    } else if (s instanceof Statement.Describe d) {
      return describe(d);
    } else if (s instanceof Statement.ShowCreateTable c) {
      Table t = session.table(c.name());
      return Results.text(
          List.of("Table", "Create Table"),
          List.of(Results.row(t.name(), TableDdl.createTable(t.definition()))));
    } else if (s instanceof Statement.ShowCreateDatabase c) {
      Database db = session.database(c.name());
      return Results.text(
          List.of("Database", "Create Database"),
          List.of(Results.row(db.name(), "CREATE DATABASE `" + db.name() + "`")));
    } else if (s instanceof Statement.ShowTableStatus t) {
      return tableStatus(t);
    } else if (s instanceof Statement.ShowTriggers t) {
      session.database(t.dbOrNull());
      return filtered(
          List.of(
              "Trigger",
              "Event",
              "Table",
              "Statement",
              "Timing",
              "Created",
              "sql_mode",
              "Definer",
              "character_set_client",
              "collation_connection",
              "Database Collation"),
          List.of(),
          t.likeOrNull(),
          t.whereOrNull());
    } else if (s instanceof Statement.ShowIndex i) {
      session.table(i.table());
      return filtered(
          List.of(
              "Table",
              "Non_unique",
              "Key_name",
              "Seq_in_index",
              "Column_name",
              "Collation",
              "Cardinality",
              "Sub_part",
              "Packed",
              "Null",
              "Index_type",
              "Comment",
              "Index_comment",
              "Visible",
              "Expression"),
          List.of(),
          null,
          i.whereOrNull());
    } else if (s instanceof Statement.ShowFrontends) {
      return frontends();
    } else if (s instanceof Statement.ShowProc p) {
      String path =
          p.path().endsWith("/") && p.path().length() > 1
              ? p.path().substring(0, p.path().length() - 1)
              : p.path();
      return switch (path) {
        case "/frontends" -> frontends();
        case "/images" -> images();
        default ->
            throw SqlException.of(
                SqlError.NOT_SUPPORTED_YET,
                "SHOW PROC '" + p.path() + "' (MetaFE has" + " '/frontends' and '/images')");
      };
    } else if (s instanceof Statement.ShowVariables v) {
      Map<String, Object> vars =
          v.scope() == io.metafe.sql.ast.VarScope.GLOBAL
              ? session.services().variables().all()
              : session.state().effectiveVariables();
      List<List<String>> rows = new ArrayList<>();
      vars.forEach((k, val) -> rows.add(Results.row(k, ValueFormat.toText(val, null))));
      return filtered(List.of("Variable_name", "Value"), rows, v.likeOrNull(), v.whereOrNull());
    } else if (s instanceof Statement.ShowStatus st) {
      return filtered(
          List.of("Variable_name", "Value"), List.of(), st.likeOrNull(), st.whereOrNull());
    } else if (s instanceof Statement.ShowWarnings || s instanceof Statement.ShowErrors) {
      return Results.text(List.of("Level", "Code", "Message"), List.of());
    } else if (s instanceof Statement.ShowCollation c) {
      return filtered(
          List.of("Collation", "Charset", "Id", "Default", "Compiled", "Sortlen"),
          List.of(Results.row("utf8mb4_general_ci", "utf8mb4", "45", "Yes", "Yes", "1")),
          c.likeOrNull(),
          c.whereOrNull());
    } else if (s instanceof Statement.ShowCharset c) {
      return filtered(
          List.of("Charset", "Description", "Default collation", "Maxlen"),
          List.of(Results.row("utf8mb4", "UTF-8 Unicode", "utf8mb4_general_ci", "4")),
          c.likeOrNull(),
          c.whereOrNull());
    } else if (s instanceof Statement.ShowEngines) {
      return Results.text(
          List.of("Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"),
          List.of(
              Results.row(
                  "OLAP", "DEFAULT", "MetaFE's replicated table engine", "NO", "NO", "NO")));
    } else if (s instanceof Statement.ShowProcesslist) {
      return processlist();
    } else if (s instanceof Statement.AdminShowFrontendConfig c) {
      List<List<String>> rows =
          session.services().frontendConfig().get().stream()
              .filter(r -> LikePattern.matches(c.likeOrNull(), r.get(0)))
              .toList();
      return Results.text(List.of("Key", "Value", "Type", "IsMutable", "Comment"), rows);
    }
    throw SqlException.of(SqlError.NOT_SUPPORTED_YET, s.getClass().getSimpleName());
  }

  private static Response names(String column, List<String> names, String like) {
    List<List<String>> rows = new ArrayList<>();
    for (String n : names) {
      if (LikePattern.matches(like, n)) {
        rows.add(Results.row(n));
      }
    }
    return Results.text(List.of(column), rows);
  }

  private Response tableStatus(Statement.ShowTableStatus t) {
    Database db = session.database(t.dbOrNull());
    List<List<String>> rows = new ArrayList<>();
    for (Table table : db.tables().values()) {
      rows.add(
          Results.row(
              table.name(),
              "OLAP",
              "10",
              "Dynamic",
              Integer.toString(table.rows().size()),
              "0",
              "0",
              "0",
              "0",
              "0",
              null,
              null,
              null,
              null,
              "utf8mb4_general_ci",
              null,
              "",
              table.definition().comment()));
    }
    return filtered(
        List.of(
            "Name",
            "Engine",
            "Version",
            "Row_format",
            "Rows",
            "Avg_row_length",
            "Data_length",
            "Max_data_length",
            "Index_length",
            "Data_free",
            "Auto_increment",
            "Create_time",
            "Update_time",
            "Check_time",
            "Collation",
            "Checksum",
            "Create_options",
            "Comment"),
        rows,
        t.likeOrNull(),
        t.whereOrNull());
  }

  private Response tables(Statement.ShowTables t) {
    Database db = session.database(t.dbOrNull());
    List<List<String>> rows = new ArrayList<>();
    for (String name : db.tables().keySet()) {
      if (LikePattern.matches(t.likeOrNull(), name)) {
        rows.add(t.full() ? Results.row(name, "BASE TABLE") : Results.row(name));
      }
    }
    String column = "Tables_in_" + db.name();
    return Results.text(t.full() ? List.of(column, "Table_type") : List.of(column), rows);
  }

  private Response describe(Statement.Describe d) {
    Table t = session.table(d.name());
    List<List<String>> rows = new ArrayList<>();
    for (Column c : t.definition().columns()) {
      if (!LikePattern.matches(d.likeOrNull(), c.name())) {
        continue;
      }
      String def =
          c.defaultValue() == null
              ? null
              : CreateTableChange.defaultsToCurrentTimestamp(c)
                  ? "CURRENT_TIMESTAMP"
                  : ValueFormat.toText(c.defaultValue(), c.type());
      boolean key = t.definition().keyColumns().contains(c.name());
      String type = c.type().sql().toUpperCase(Locale.ROOT);
      boolean text =
          c.type().kind() == DataType.Kind.CHAR || c.type().kind() == DataType.Kind.VARCHAR;
      rows.add(
          d.full()
              ? Results.row(
                  c.name(),
                  type,
                  text ? "utf8mb4_general_ci" : null,
                  c.nullable() ? "YES" : "NO",
                  Boolean.toString(key),
                  def,
                  "",
                  "select,insert",
                  c.comment())
              : Results.row(
                  c.name(), type, c.nullable() ? "YES" : "NO", Boolean.toString(key), def, ""));
    }
    return Results.text(
        d.full()
            ? List.of(
                "Field",
                "Type",
                "Collation",
                "Null",
                "Key",
                "Default",
                "Extra",
                "Privileges",
                "Comment")
            : List.of("Field", "Type", "Null", "Key", "Default", "Extra"),
        rows);
  }

  private Response frontends() {
    Catalog catalog = session.catalog();
    ClusterView cluster = session.services().cluster();
    String master = cluster.masterName();
    List<List<String>> rows = new ArrayList<>();
    for (Frontend fe : catalog.frontends()) {
      ClusterView.FrontendStatus st = cluster.status(fe);
      rows.add(
          Results.row(
              fe.name(),
              fe.host(),
              cluster.hostName(fe.host()),
              Integer.toString(fe.editLogPort()),
              port(st.httpPort(), fe.httpPort()),
              port(st.queryPort(), fe.queryPort()),
              port(st.rpcPort(), fe.rpcPort()),
              fe.role().name(),
              Boolean.toString(fe.name().equals(master)),
              Integer.toString(cluster.clusterId()),
              Boolean.toString(cluster.isJoined(fe)),
              Boolean.toString(st.alive()),
              Long.toString(st.replayedJournalId()),
              time(st.lastHeartbeatMillis()),
              Boolean.toString(fe.role() == FrontendRole.FOLLOWER),
              st.errMsg(),
              time(st.startTimeMillis()),
              st.version()));
    }
    return Results.text(FRONTEND_COLUMNS, rows);
  }

  /** What the FE reported lately, else what the metadata recorded when it last reported. */
  private static String port(int reported, int recorded) {
    return Integer.toString(reported != 0 ? reported : recorded);
  }

  static final List<String> IMAGE_COLUMNS =
      List.of(
          "Name",
          "IP",
          "EditLogPort",
          "Role",
          "IsMaster",
          "Alive",
          "ReplayedJournalId",
          "ImageJournalId",
          "LastCheckpointTime",
          "CheckpointErrMsg");

  /**
   * Each FE's newest image, so that an operator sees at once which FE has the freshest checkpoint.
   */
  private Response images() {
    ClusterView cluster = session.services().cluster();
    String master = cluster.masterName();
    List<List<String>> rows = new ArrayList<>();
    for (Frontend fe : session.catalog().frontends()) {
      ClusterView.FrontendStatus st = cluster.status(fe);
      rows.add(
          Results.row(
              fe.name(),
              fe.host(),
              Integer.toString(fe.editLogPort()),
              fe.role().name(),
              Boolean.toString(fe.name().equals(master)),
              Boolean.toString(st.alive()),
              Long.toString(st.replayedJournalId()),
              Long.toString(st.imageJournalId()),
              time(st.lastCheckpointMillis()),
              st.checkpointError()));
    }
    return Results.text(IMAGE_COLUMNS, rows);
  }

  private Response processlist() {
    return Results.text(
        List.of("Id", "User", "Host", "db", "Command", "Time", "State", "Info"), processlistRows());
  }

  /** One row per connection to this FE: id, user, host, db, command, time, state, info. */
  List<List<String>> processlistRows() {
    List<List<String>> rows = new ArrayList<>();
    long now = session.services().clock().wallMillis();
    for (FeSession s : session.services().connections().list()) {
      String sql = s.currentStatement();
      rows.add(
          Results.row(
              Long.toString(s.connectionId()),
              s.info().user(),
              s.info().remoteAddress(),
              s.state().currentDatabase(),
              sql.isEmpty() ? "Sleep" : "Query",
              Long.toString((now - s.connectedAt()) / 1000),
              "",
              sql.isEmpty() ? null : sql));
    }
    return rows;
  }

  private static String time(long millis) {
    return millis == 0
        ? null
        : TIME.format(Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
  }

  /**
   * Applies LIKE to the first column, or a WHERE expression over all columns, through the query
   * engine.
   */
  private Response filtered(
      List<String> columns, List<List<String>> rows, String like, Expr where) {
    List<List<String>> kept = new ArrayList<>();
    for (List<String> r : rows) {
      if (LikePattern.matches(like, r.get(0))) {
        kept.add(r);
      }
    }
    if (where == null) {
      return Results.text(columns, kept);
    }
    List<Column> schema =
        columns.stream()
            .map(c -> new Column(c, DataType.varchar(DataType.STRING_LENGTH), true, null, ""))
            .toList();
    List<Object[]> data = kept.stream().map(r -> r.toArray(new Object[0])).toList();
    RowSource source = new ListRows("", "", schema, data);
    Statement.Select select =
        new Statement.Select(
            false,
            List.of(new SelectItem.Star(null)),
            new TableName(null, "show"),
            null,
            where,
            List.of(),
            null,
            List.of(),
            null,
            null);
    QueryResult result = session.services().queries().select(select, source, session.state());
    List<List<String>> out = new ArrayList<>();
    for (Object[] r : result.rows()) {
      List<String> text = new ArrayList<>();
      for (Object v : r) {
        text.add(v == null ? null : v.toString());
      }
      out.add(text);
    }
    return Results.text(columns, out);
  }
}
