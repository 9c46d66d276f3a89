package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Table;
import io.metafe.records.Column;
import io.metafe.records.DataType;
import io.metafe.records.TableDefinition;
import io.metafe.sql.eval.ValueFormat;
import io.vavr.collection.HashMap;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The read-only {@code information_schema} database that BI tools, ORMs and dump tools query: its
 * tables are built from the catalog a statement reads, with MySQL 8's table and column names, so
 * that any SELECT (WHERE, ORDER BY, GROUP BY) works on them as on any table. Tables of objects
 * MetaFE does not have (views, routines, triggers, indexes, constraints, partitions, files) are
 * empty. Stateless.
 */
final class InformationSchema {
  static final String NAME = "information_schema";
  private static final String CATALOG = "def";
  private static final String CHARSET = "utf8mb4";
  private static final String COLLATION = "utf8mb4_general_ci";

  /** Table ids far from any the catalog hands out, so that no write can name one by accident. */
  private static final long FIRST_ID = Long.MIN_VALUE / 2;

  private static final Map<String, List<Column>> TABLES = new LinkedHashMap<>();

  static {
    define(
        "SCHEMATA",
        "CATALOG_NAME:64",
        "SCHEMA_NAME:64",
        "DEFAULT_CHARACTER_SET_NAME:64",
        "DEFAULT_COLLATION_NAME:64",
        "SQL_PATH:512",
        "DEFAULT_ENCRYPTION:3");
    define(
        "TABLES",
        "TABLE_CATALOG:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "TABLE_TYPE:64",
        "ENGINE:64",
        "VERSION#",
        "ROW_FORMAT:10",
        "TABLE_ROWS#",
        "AVG_ROW_LENGTH#",
        "DATA_LENGTH#",
        "MAX_DATA_LENGTH#",
        "INDEX_LENGTH#",
        "DATA_FREE#",
        "AUTO_INCREMENT#",
        "CREATE_TIME@",
        "UPDATE_TIME@",
        "CHECK_TIME@",
        "TABLE_COLLATION:64",
        "CHECKSUM#",
        "CREATE_OPTIONS:256",
        "TABLE_COMMENT:2048");
    define(
        "COLUMNS",
        "TABLE_CATALOG:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "COLUMN_NAME:64",
        "ORDINAL_POSITION#",
        "COLUMN_DEFAULT:65535",
        "IS_NULLABLE:3",
        "DATA_TYPE:64",
        "CHARACTER_MAXIMUM_LENGTH#",
        "CHARACTER_OCTET_LENGTH#",
        "NUMERIC_PRECISION#",
        "NUMERIC_SCALE#",
        "DATETIME_PRECISION#",
        "CHARACTER_SET_NAME:64",
        "COLLATION_NAME:64",
        "COLUMN_TYPE:65535",
        "COLUMN_KEY:3",
        "EXTRA:256",
        "PRIVILEGES:154",
        "COLUMN_COMMENT:1024",
        "GENERATION_EXPRESSION:65535",
        "SRS_ID#");
    define(
        "STATISTICS",
        "TABLE_CATALOG:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "NON_UNIQUE#",
        "INDEX_SCHEMA:64",
        "INDEX_NAME:64",
        "SEQ_IN_INDEX#",
        "COLUMN_NAME:64",
        "COLLATION:1",
        "CARDINALITY#",
        "SUB_PART#",
        "PACKED:10",
        "NULLABLE:3",
        "INDEX_TYPE:11",
        "COMMENT:8",
        "INDEX_COMMENT:2048",
        "IS_VISIBLE:3",
        "EXPRESSION:65535");
    define(
        "KEY_COLUMN_USAGE",
        "CONSTRAINT_CATALOG:64",
        "CONSTRAINT_SCHEMA:64",
        "CONSTRAINT_NAME:64",
        "TABLE_CATALOG:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "COLUMN_NAME:64",
        "ORDINAL_POSITION#",
        "POSITION_IN_UNIQUE_CONSTRAINT#",
        "REFERENCED_TABLE_SCHEMA:64",
        "REFERENCED_TABLE_NAME:64",
        "REFERENCED_COLUMN_NAME:64");
    define(
        "TABLE_CONSTRAINTS",
        "CONSTRAINT_CATALOG:64",
        "CONSTRAINT_SCHEMA:64",
        "CONSTRAINT_NAME:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "CONSTRAINT_TYPE:11",
        "ENFORCED:3");
    define(
        "REFERENTIAL_CONSTRAINTS",
        "CONSTRAINT_CATALOG:64",
        "CONSTRAINT_SCHEMA:64",
        "CONSTRAINT_NAME:64",
        "UNIQUE_CONSTRAINT_CATALOG:64",
        "UNIQUE_CONSTRAINT_SCHEMA:64",
        "UNIQUE_CONSTRAINT_NAME:64",
        "MATCH_OPTION:7",
        "UPDATE_RULE:11",
        "DELETE_RULE:11",
        "TABLE_NAME:64",
        "REFERENCED_TABLE_NAME:64");
    define(
        "VIEWS",
        "TABLE_CATALOG:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "VIEW_DEFINITION:65535",
        "CHECK_OPTION:8",
        "IS_UPDATABLE:3",
        "DEFINER:288",
        "SECURITY_TYPE:7",
        "CHARACTER_SET_CLIENT:64",
        "COLLATION_CONNECTION:64");
    define(
        "ROUTINES",
        "SPECIFIC_NAME:64",
        "ROUTINE_CATALOG:64",
        "ROUTINE_SCHEMA:64",
        "ROUTINE_NAME:64",
        "ROUTINE_TYPE:9",
        "DATA_TYPE:64",
        "CHARACTER_MAXIMUM_LENGTH#",
        "CHARACTER_OCTET_LENGTH#",
        "NUMERIC_PRECISION#",
        "NUMERIC_SCALE#",
        "DATETIME_PRECISION#",
        "CHARACTER_SET_NAME:64",
        "COLLATION_NAME:64",
        "DTD_IDENTIFIER:65535",
        "ROUTINE_BODY:8",
        "ROUTINE_DEFINITION:65535",
        "EXTERNAL_NAME:64",
        "EXTERNAL_LANGUAGE:64",
        "PARAMETER_STYLE:3",
        "IS_DETERMINISTIC:3",
        "SQL_DATA_ACCESS:17",
        "SQL_PATH:64",
        "SECURITY_TYPE:7",
        "CREATED@",
        "LAST_ALTERED@",
        "SQL_MODE:512",
        "ROUTINE_COMMENT:65535",
        "DEFINER:288",
        "CHARACTER_SET_CLIENT:64",
        "COLLATION_CONNECTION:64",
        "DATABASE_COLLATION:64");
    define(
        "PARAMETERS",
        "SPECIFIC_CATALOG:64",
        "SPECIFIC_SCHEMA:64",
        "SPECIFIC_NAME:64",
        "ORDINAL_POSITION#",
        "PARAMETER_MODE:5",
        "PARAMETER_NAME:64",
        "DATA_TYPE:64",
        "CHARACTER_MAXIMUM_LENGTH#",
        "CHARACTER_OCTET_LENGTH#",
        "NUMERIC_PRECISION#",
        "NUMERIC_SCALE#",
        "DATETIME_PRECISION#",
        "CHARACTER_SET_NAME:64",
        "COLLATION_NAME:64",
        "DTD_IDENTIFIER:65535",
        "ROUTINE_TYPE:9");
    define(
        "TRIGGERS",
        "TRIGGER_CATALOG:64",
        "TRIGGER_SCHEMA:64",
        "TRIGGER_NAME:64",
        "EVENT_MANIPULATION:6",
        "EVENT_OBJECT_CATALOG:64",
        "EVENT_OBJECT_SCHEMA:64",
        "EVENT_OBJECT_TABLE:64",
        "ACTION_ORDER#",
        "ACTION_CONDITION:64",
        "ACTION_STATEMENT:65535",
        "ACTION_ORIENTATION:3",
        "ACTION_TIMING:6",
        "ACTION_REFERENCE_OLD_TABLE:64",
        "ACTION_REFERENCE_NEW_TABLE:64",
        "ACTION_REFERENCE_OLD_ROW:3",
        "ACTION_REFERENCE_NEW_ROW:3",
        "CREATED@",
        "SQL_MODE:512",
        "DEFINER:288",
        "CHARACTER_SET_CLIENT:64",
        "COLLATION_CONNECTION:64",
        "DATABASE_COLLATION:64");
    define(
        "EVENTS",
        "EVENT_CATALOG:64",
        "EVENT_SCHEMA:64",
        "EVENT_NAME:64",
        "DEFINER:288",
        "TIME_ZONE:64",
        "EVENT_BODY:3",
        "EVENT_DEFINITION:65535",
        "EVENT_TYPE:9",
        "EXECUTE_AT@",
        "INTERVAL_VALUE:256",
        "INTERVAL_FIELD:18",
        "SQL_MODE:512",
        "STARTS@",
        "ENDS@",
        "STATUS:18",
        "ON_COMPLETION:12",
        "CREATED@",
        "LAST_ALTERED@",
        "LAST_EXECUTED@",
        "EVENT_COMMENT:2048",
        "ORIGINATOR#",
        "CHARACTER_SET_CLIENT:64",
        "COLLATION_CONNECTION:64",
        "DATABASE_COLLATION:64");
    define(
        "PARTITIONS",
        "TABLE_CATALOG:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "PARTITION_NAME:64",
        "SUBPARTITION_NAME:64",
        "PARTITION_ORDINAL_POSITION#",
        "SUBPARTITION_ORDINAL_POSITION#",
        "PARTITION_METHOD:13",
        "SUBPARTITION_METHOD:13",
        "PARTITION_EXPRESSION:2048",
        "SUBPARTITION_EXPRESSION:2048",
        "PARTITION_DESCRIPTION:65535",
        "TABLE_ROWS#",
        "AVG_ROW_LENGTH#",
        "DATA_LENGTH#",
        "MAX_DATA_LENGTH#",
        "INDEX_LENGTH#",
        "DATA_FREE#",
        "CREATE_TIME@",
        "UPDATE_TIME@",
        "CHECK_TIME@",
        "CHECKSUM#",
        "PARTITION_COMMENT:2048",
        "NODEGROUP:256",
        "TABLESPACE_NAME:268");
    define(
        "FILES",
        "FILE_ID#",
        "FILE_NAME:65535",
        "FILE_TYPE:256",
        "TABLESPACE_NAME:268",
        "TABLE_CATALOG:64",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "LOGFILE_GROUP_NAME:256",
        "LOGFILE_GROUP_NUMBER#",
        "ENGINE:64",
        "FULLTEXT_KEYS:64",
        "DELETED_ROWS#",
        "UPDATE_COUNT#",
        "FREE_EXTENTS#",
        "TOTAL_EXTENTS#",
        "EXTENT_SIZE#",
        "INITIAL_SIZE#",
        "MAXIMUM_SIZE#",
        "AUTOEXTEND_SIZE#",
        "CREATION_TIME@",
        "LAST_UPDATE_TIME@",
        "LAST_ACCESS_TIME@",
        "RECOVER_TIME#",
        "TRANSACTION_COUNTER#",
        "VERSION#",
        "ROW_FORMAT:10",
        "TABLE_ROWS#",
        "AVG_ROW_LENGTH#",
        "DATA_LENGTH#",
        "MAX_DATA_LENGTH#",
        "INDEX_LENGTH#",
        "DATA_FREE#",
        "CREATE_TIME@",
        "UPDATE_TIME@",
        "CHECK_TIME@",
        "CHECKSUM#",
        "STATUS:256",
        "EXTRA:256");
    define(
        "ENGINES",
        "ENGINE:64",
        "SUPPORT:8",
        "COMMENT:80",
        "TRANSACTIONS:3",
        "XA:3",
        "SAVEPOINTS:3");
    define(
        "CHARACTER_SETS",
        "CHARACTER_SET_NAME:64",
        "DEFAULT_COLLATE_NAME:64",
        "DESCRIPTION:2048",
        "MAXLEN#");
    define(
        "COLLATIONS",
        "COLLATION_NAME:64",
        "CHARACTER_SET_NAME:64",
        "ID#",
        "IS_DEFAULT:3",
        "IS_COMPILED:3",
        "SORTLEN#",
        "PAD_ATTRIBUTE:9");
    define("COLLATION_CHARACTER_SET_APPLICABILITY", "COLLATION_NAME:64", "CHARACTER_SET_NAME:64");
    define(
        "USER_PRIVILEGES",
        "GRANTEE:292",
        "TABLE_CATALOG:512",
        "PRIVILEGE_TYPE:64",
        "IS_GRANTABLE:3");
    define(
        "SCHEMA_PRIVILEGES",
        "GRANTEE:292",
        "TABLE_CATALOG:512",
        "TABLE_SCHEMA:64",
        "PRIVILEGE_TYPE:64",
        "IS_GRANTABLE:3");
    define(
        "TABLE_PRIVILEGES",
        "GRANTEE:292",
        "TABLE_CATALOG:512",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "PRIVILEGE_TYPE:64",
        "IS_GRANTABLE:3");
    define(
        "COLUMN_PRIVILEGES",
        "GRANTEE:292",
        "TABLE_CATALOG:512",
        "TABLE_SCHEMA:64",
        "TABLE_NAME:64",
        "COLUMN_NAME:64",
        "PRIVILEGE_TYPE:64",
        "IS_GRANTABLE:3");
    define(
        "PROCESSLIST",
        "ID#",
        "USER:32",
        "HOST:261",
        "DB:64",
        "COMMAND:16",
        "TIME#",
        "STATE:64",
        "INFO:65535");
  }

  private InformationSchema() {}

  /**
   * Columns written {@code NAME:len} (VARCHAR), {@code NAME#} (BIGINT) or {@code NAME@} (DATETIME);
   * all nullable.
   */
  private static void define(String table, String... columns) {
    List<Column> out = new ArrayList<>(columns.length);
    for (String c : columns) {
      if (c.endsWith("#")) {
        out.add(new Column(c.substring(0, c.length() - 1), DataType.BIGINT, true, null, ""));
      } else if (c.endsWith("@")) {
        out.add(new Column(c.substring(0, c.length() - 1), DataType.DATETIME, true, null, ""));
      } else {
        int colon = c.indexOf(':');
        out.add(
            new Column(
                c.substring(0, colon),
                DataType.varchar(Integer.parseInt(c.substring(colon + 1))),
                true,
                null,
                ""));
      }
    }
    TABLES.put(table, List.copyOf(out));
  }

  static boolean is(String database) {
    return database != null && database.equalsIgnoreCase(NAME);
  }

  /** The database itself, with its tables' columns and no rows (SHOW TABLES, USE, DESC). */
  static Database database() {
    TreeMap<String, Table> tables = TreeMap.empty();
    HashMap<Long, String> byId = HashMap.empty();
    long id = FIRST_ID;
    for (Map.Entry<String, List<Column>> e : TABLES.entrySet()) {
      tables = tables.put(e.getKey(), new Table(definition(id, e.getKey()), Vector.empty()));
      byId = byId.put(id, e.getKey());
      id++;
    }
    return new Database(FIRST_ID - 1, NAME, tables, byId);
  }

  /**
   * The named table (any case) with its rows for {@code catalog}, or null when there is no such
   * table.
   */
  static Table table(String name, Catalog catalog, List<List<String>> processlist) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (!TABLES.containsKey(upper)) {
      return null;
    }
    long id = FIRST_ID + new ArrayList<>(TABLES.keySet()).indexOf(upper);
    List<Object[]> rows =
        switch (upper) {
          case "SCHEMATA" -> schemata(catalog);
          case "TABLES" -> tables(catalog);
          case "COLUMNS" -> columns(catalog);
          case "ENGINES" ->
              List.<Object[]>of(
                  new Object[] {
                    "OLAP", "DEFAULT", "MetaFE's replicated table engine", "YES", "NO", "NO"
                  });
          case "CHARACTER_SETS" ->
              List.<Object[]>of(new Object[] {CHARSET, COLLATION, "UTF-8 Unicode", 4L});
          case "COLLATIONS" ->
              List.<Object[]>of(
                  new Object[] {COLLATION, CHARSET, 45L, "Yes", "Yes", 1L, "PAD SPACE"});
          case "COLLATION_CHARACTER_SET_APPLICABILITY" ->
              List.<Object[]>of(new Object[] {COLLATION, CHARSET});
          case "PROCESSLIST" ->
              processlist.stream()
                  .map(
                      r ->
                          new Object[] {
                            Long.parseLong(r.get(0)),
                            r.get(1),
                            r.get(2),
                            r.get(3),
                            r.get(4),
                            Long.parseLong(r.get(5)),
                            r.get(6),
                            r.get(7)
                          })
                  .toList();
          default -> List.of();
        };
    return new Table(definition(id, upper), Vector.ofAll(rows));
  }

  private static TableDefinition definition(long id, String table) {
    return new TableDefinition(
        id, table, TABLES.get(table), "DUPLICATE", List.of(), "RANDOM", List.of(), 0, Map.of(), "");
  }

  private static List<Object[]> schemata(Catalog catalog) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {CATALOG, NAME, CHARSET, COLLATION, null, "NO"});
    for (String db : catalog.databases().keySet()) {
      rows.add(new Object[] {CATALOG, db, CHARSET, COLLATION, null, "NO"});
    }
    return rows;
  }

  private static List<Object[]> tables(Catalog catalog) {
    List<Object[]> rows = new ArrayList<>();
    for (String t : TABLES.keySet()) {
      rows.add(
          new Object[] {
            CATALOG,
            NAME,
            t,
            "SYSTEM VIEW",
            "MEMORY",
            10L,
            "Fixed",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            COLLATION,
            null,
            "",
            ""
          });
    }
    for (Database db : catalog.databases().values()) {
      for (Table t : db.tables().values()) {
        long count = t.rows().size();
        rows.add(
            new Object[] {
              CATALOG,
              db.name(),
              t.name(),
              "BASE TABLE",
              "OLAP",
              10L,
              "Dynamic",
              count,
              0L,
              0L,
              0L,
              0L,
              0L,
              null,
              null,
              null,
              null,
              COLLATION,
              null,
              "",
              t.definition().comment()
            });
      }
    }
    return rows;
  }

  private static List<Object[]> columns(Catalog catalog) {
    List<Object[]> rows = new ArrayList<>();
    for (Database db : catalog.databases().values()) {
      for (Table t : db.tables().values()) {
        columnsOf(rows, db.name(), t.definition(), t.definition().keyColumns());
      }
    }
    return rows;
  }

  private static void columnsOf(
      List<Object[]> rows, String db, TableDefinition def, List<String> keys) {
    int position = 1;
    for (Column c : def.columns()) {
      DataType type = c.type();
      boolean text = type.kind() == DataType.Kind.CHAR || type.kind() == DataType.Kind.VARCHAR;
      String defaultText =
          c.defaultValue() == null
              ? null
              : CreateTableChange.defaultsToCurrentTimestamp(c)
                  ? "CURRENT_TIMESTAMP"
                  : ValueFormat.toText(c.defaultValue(), type);
      rows.add(
          new Object[] {
            CATALOG,
            db,
            def.name(),
            c.name(),
            (long) position++,
            defaultText,
            c.nullable() ? "YES" : "NO",
            dataType(type),
            text ? (long) type.length() : null,
            text ? 4L * type.length() : null,
            numericPrecision(type),
            numericScale(type),
            type.kind() == DataType.Kind.DATETIME ? 0L : null,
            text ? CHARSET : null,
            text ? COLLATION : null,
            type.kind() == DataType.Kind.BOOLEAN ? "tinyint(1)" : TableDdl.typeText(type),
            keys.contains(c.name()) ? "MUL" : "",
            "",
            "select,insert",
            c.comment(),
            "",
            null
          });
    }
  }

  /** The DATA_TYPE column: the type's name without parameters, as MySQL gives it. */
  static String dataType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "tinyint";
      default -> type.kind().name().toLowerCase(Locale.ROOT);
    };
  }

  private static Long numericPrecision(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> 3L;
      case TINYINT -> 3L;
      case SMALLINT -> 5L;
      case INT -> 10L;
      case BIGINT -> 19L;
      case FLOAT -> 12L;
      case DOUBLE -> 22L;
      case DECIMAL -> (long) type.precision();
      default -> null;
    };
  }

  private static Long numericScale(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN, TINYINT, SMALLINT, INT, BIGINT -> 0L;
      case DECIMAL -> (long) type.scale();
      default -> null;
    };
  }
}
