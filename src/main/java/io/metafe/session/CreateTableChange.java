package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.edit.Change;
import io.metafe.mysql.Response;
import io.metafe.records.Column;
import io.metafe.records.CreateTable;
import io.metafe.records.DataType;
import io.metafe.records.TableDefinition;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.ColumnDefinition;
import io.metafe.sql.ast.Distribution;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.KeysClause;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.eval.Coercion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CREATE TABLE: checks the definition once when the statement arrives (columns, defaults, keys,
 * distribution) and again, against the catalog it will follow, on the writer thread (database still
 * there, name still free).
 */
final class CreateTableChange implements Change<Response> {
  /**
   * Stored as a DATETIME column's default; no DATETIME value is a String, so it cannot be confused.
   */
  static final String CURRENT_TIMESTAMP = "CURRENT_TIMESTAMP";

  /**
   * Whether the column's default is the CURRENT_TIMESTAMP keyword (not a string that happens to say
   * so).
   */
  static boolean defaultsToCurrentTimestamp(Column c) {
    return c.type().kind() == DataType.Kind.DATETIME && CURRENT_TIMESTAMP.equals(c.defaultValue());
  }

  private final String database;
  private final Statement.CreateTable stmt;
  private final List<Column> columns;
  private final List<String> keyColumns;
  private final String distribution;
  private final List<String> distributionColumns;
  private final int buckets;

  /**
   * Engines a CREATE TABLE may name: MetaFE's own, and MySQL's common ones that dumps and ORMs
   * write.
   */
  private static final Set<String> ENGINES = Set.of("OLAP", "INNODB", "MYISAM", "MEMORY", "ARIA");

  CreateTableChange(String database, Statement.CreateTable stmt) {
    this.database = database;
    this.stmt = stmt;
    Names.checkTable(stmt.name().table());
    if (stmt.engineOrNull() != null
        && !ENGINES.contains(stmt.engineOrNull().toUpperCase(Locale.ROOT))) {
      throw SqlException.of(
          SqlError.NOT_SUPPORTED_YET,
          "ENGINE="
              + stmt.engineOrNull()
              + " (MetaFE keeps every"
              + " table in its replicated OLAP engine; ENGINE=OLAP, or MySQL's InnoDB, MyISAM, MEMORY or Aria, which it"
              + " takes to mean the same)");
    }
    this.columns = columns(stmt.columns());
    this.keyColumns = keys(stmt.keysOrNull());
    Distribution d = stmt.distributionOrNull();
    this.distribution = d == null ? "RANDOM" : d.kind().name();
    this.distributionColumns =
        d == null ? List.of() : canonical(d.columns(), "DISTRIBUTED BY HASH");
    Integer b = d == null ? null : d.bucketsOrNull();
    if (b != null && (b < 1 || b > 1024)) {
      throw SqlException.of(SqlError.UNKNOWN, "BUCKETS " + b + " is out of range: use 1 to 1024");
    }
    this.buckets = b == null ? 0 : b;
  }

  private static List<Column> columns(List<ColumnDefinition> defs) {
    if (defs.isEmpty()) {
      throw SqlException.of(SqlError.UNKNOWN, "A table must have at least one column");
    }
    List<Column> out = new ArrayList<>(defs.size());
    Set<String> seen = new HashSet<>();
    for (ColumnDefinition def : defs) {
      Names.checkColumn(def.name());
      if (!seen.add(def.name().toLowerCase(Locale.ROOT))) {
        throw SqlException.of(SqlError.DUP_FIELDNAME, def.name());
      }
      boolean nullable =
          def.nullableOrNullIfUnspecified() == null || def.nullableOrNullIfUnspecified();
      Object defaultValue = defaultValue(def, nullable);
      out.add(new Column(def.name(), def.type(), nullable, defaultValue, def.comment()));
    }
    return out;
  }

  private static Object defaultValue(ColumnDefinition def, boolean nullable) {
    if (def.defaultCurrentTimestamp()) {
      if (def.type().kind() != DataType.Kind.DATETIME) {
        throw SqlException.of(
            SqlError.INVALID_DEFAULT,
            def.name(),
            "CURRENT_TIMESTAMP is only allowed for DATETIME columns");
      }
      return CURRENT_TIMESTAMP;
    }
    if (def.defaultOrNull() == null) {
      return null;
    }
    if (!(def.defaultOrNull() instanceof Expr.Literal literal)) {
      throw SqlException.of(SqlError.INVALID_DEFAULT, def.name(), "use a constant");
    }
    Column probe = new Column(def.name(), def.type(), nullable, null, "");
    try {
      return Coercion.toColumn(probe, literal.value(), 1);
    } catch (SqlException e) {
      throw SqlException.of(SqlError.INVALID_DEFAULT, def.name(), e.getMessage());
    }
  }

  private List<String> keys(KeysClause keys) {
    if (keys == null) {
      return List.of(columns.get(0).name());
    }
    if (keys.type() != KeysClause.KeyType.DUPLICATE) {
      throw SqlException.of(
          SqlError.NOT_SUPPORTED_YET, keys.type() + " KEY tables (use DUPLICATE KEY)");
    }
    List<String> names = canonical(keys.columns(), "DUPLICATE KEY");
    for (int i = 0; i < names.size(); i++) {
      if (!columns.get(i).name().equals(names.get(i))) {
        throw SqlException.of(
            SqlError.UNKNOWN,
            "Key columns must be the leading columns of the table, in order:"
                + " expected '"
                + columns.get(i).name()
                + "' at key position "
                + (i + 1)
                + " but found '"
                + names.get(i)
                + "'");
      }
    }
    return names;
  }

  /** Maps names to the columns' own spelling, refusing unknown and repeated ones. */
  private List<String> canonical(List<String> names, String clause) {
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      Column c =
          columns.stream()
              .filter(col -> col.name().equalsIgnoreCase(n))
              .findFirst()
              .orElseThrow(() -> SqlException.of(SqlError.BAD_FIELD, n, clause));
      if (out.contains(c.name())) {
        throw SqlException.of(SqlError.FIELD_SPECIFIED_TWICE, n);
      }
      out.add(c.name());
    }
    return out;
  }

  @Override
  public Proposal<Response> propose(Catalog catalog) {
    Database db =
        catalog.database(database).getOrElseThrow(() -> SqlException.of(SqlError.BAD_DB, database));
    if (db.table(stmt.name().table()).isDefined()) {
      if (stmt.ifNotExists()) {
        return Proposal.of(Statements.OK);
      }
      throw SqlException.of(SqlError.TABLE_EXISTS, stmt.name().table());
    }
    TableDefinition table =
        new TableDefinition(
            catalog.nextId(),
            stmt.name().table(),
            columns,
            "DUPLICATE",
            keyColumns,
            distribution,
            distributionColumns,
            buckets,
            stmt.properties(),
            stmt.comment());
    return Proposal.of(Statements.OK, new CreateTable(db.id(), table));
  }
}
