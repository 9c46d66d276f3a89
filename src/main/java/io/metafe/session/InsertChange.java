package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Table;
import io.metafe.edit.Change;
import io.metafe.mysql.Response;
import io.metafe.records.Column;
import io.metafe.records.InsertRows;
import io.metafe.records.TableDefinition;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.eval.Coercion;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * INSERT: values are evaluated and converted to the column types on the client's thread, against
 * the table as the statement found it; on the writer thread the change only checks that the same
 * table (by id) still exists, so the multi-row insert becomes one record and is applied whole or
 * not at all.
 */
final class InsertChange implements Change<Response> {
  private final long databaseId;
  private final long tableId;
  private final String tableName;
  private final List<Object[]> rows;

  private InsertChange(long databaseId, long tableId, String tableName, List<Object[]> rows) {
    this.databaseId = databaseId;
    this.tableId = tableId;
    this.tableName = tableName;
    this.rows = rows;
  }

  /**
   * Builds full-width rows from values given for {@code columnsOrEmpty} (all columns when empty).
   *
   * @throws SqlException as MySQL's strict mode would: unknown or repeated columns, wrong value
   *     counts, values that do not fit, missing values for NOT NULL columns without a default
   */
  static InsertChange of(
      long databaseId,
      Table table,
      List<String> columnsOrEmpty,
      List<List<Object>> values,
      LocalDateTime now) {
    TableDefinition def = table.definition();
    int[] positions = positions(def, columnsOrEmpty);
    List<Object[]> rows = new ArrayList<>(values.size());
    for (int r = 0; r < values.size(); r++) {
      List<Object> given = values.get(r);
      int rowNumber = r + 1;
      if (given.size() != positions.length) {
        throw SqlException.of(SqlError.WRONG_VALUE_COUNT_ON_ROW, rowNumber);
      }
      Object[] row = new Object[def.columns().size()];
      boolean[] set = new boolean[row.length];
      for (int i = 0; i < positions.length; i++) {
        Column column = def.columns().get(positions[i]);
        row[positions[i]] = Coercion.toColumn(column, given.get(i), rowNumber);
        set[positions[i]] = true;
      }
      for (int c = 0; c < row.length; c++) {
        if (!set[c]) {
          row[c] = defaultFor(def.columns().get(c), now);
        }
      }
      rows.add(row);
    }
    return new InsertChange(databaseId, table.id(), def.name(), rows);
  }

  private static int[] positions(TableDefinition def, List<String> columns) {
    if (columns.isEmpty()) {
      int[] all = new int[def.columns().size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] positions = new int[columns.size()];
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      int p = def.columnIndex(name);
      if (p < 0) {
        throw SqlException.of(SqlError.BAD_FIELD, name, "field list");
      }
      if (seen.contains(name.toLowerCase(Locale.ROOT))) {
        throw SqlException.of(SqlError.FIELD_SPECIFIED_TWICE, name);
      }
      seen.add(name.toLowerCase(Locale.ROOT));
      positions[i] = p;
    }
    return positions;
  }

  private static Object defaultFor(Column column, LocalDateTime now) {
    Object d = column.defaultValue();
    if (CreateTableChange.defaultsToCurrentTimestamp(column)) {
      return now.withNano(0);
    }
    if (d == null && !column.nullable()) {
      throw SqlException.of(SqlError.NO_DEFAULT_FOR_FIELD, column.name());
    }
    return d;
  }

  int rowCount() {
    return rows.size();
  }

  @Override
  public Proposal<Response> propose(Catalog catalog) {
    boolean present =
        catalog.databaseById(databaseId).flatMap(db -> db.tableById(tableId)).isDefined();
    if (!present) {
      throw SqlException.of(
          SqlError.UNKNOWN,
          "Table '"
              + tableName
              + "' was dropped or recreated while the INSERT ran; nothing was inserted, run it again");
    }
    return Proposal.of(
        new Response.Ok(rows.size(), 0, 0, ""), new InsertRows(databaseId, tableId, rows));
  }
}
