package io.metafe.session;

import io.metafe.mysql.ColumnMeta;
import io.metafe.mysql.FieldType;
import io.metafe.mysql.Response;
import io.metafe.records.DataType;
import io.metafe.sql.eval.QueryResult;
import io.metafe.sql.eval.ResultColumn;
import io.metafe.sql.eval.ValueFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds MySQL result sets: from the query engine's typed results, or from rows of text for SHOW
 * statements.
 */
final class Results {
  private Results() {}

  static Response.ResultSet of(QueryResult result) {
    List<ColumnMeta> columns = new ArrayList<>(result.columns().size());
    for (ResultColumn c : result.columns()) {
      columns.add(meta(c.database(), c.table(), c.name(), c.typeOrNull(), c.nullable()));
    }
    List<List<String>> rows = new ArrayList<>(result.rows().size());
    for (Object[] row : result.rows()) {
      List<String> text = new ArrayList<>(row.length);
      for (int i = 0; i < row.length; i++) {
        text.add(ValueFormat.toText(row[i], result.columns().get(i).typeOrNull()));
      }
      rows.add(text);
    }
    return new Response.ResultSet(columns, rows);
  }

  /** A result set of text columns, e.g. for SHOW statements. A null cell is SQL NULL. */
  static Response.ResultSet text(List<String> columnNames, List<List<String>> rows) {
    List<ColumnMeta> columns = new ArrayList<>(columnNames.size());
    for (String name : columnNames) {
      columns.add(new ColumnMeta("", "", name, FieldType.VAR_STRING, 1024, 0, true));
    }
    return new Response.ResultSet(columns, rows);
  }

  static List<String> row(String... cells) {
    return Arrays.asList(cells);
  }

  static ColumnMeta meta(
      String schema, String table, String name, DataType type, boolean nullable) {
    if (type == null) {
      return new ColumnMeta(schema, table, name, FieldType.NULL, 0, 0, true);
    }
    return switch (type.kind()) {
      case BOOLEAN -> new ColumnMeta(schema, table, name, FieldType.TINY, 1, 0, nullable);
      case TINYINT -> new ColumnMeta(schema, table, name, FieldType.TINY, 4, 0, nullable);
      case SMALLINT -> new ColumnMeta(schema, table, name, FieldType.SHORT, 6, 0, nullable);
      case INT -> new ColumnMeta(schema, table, name, FieldType.LONG, 11, 0, nullable);
      case BIGINT -> new ColumnMeta(schema, table, name, FieldType.LONGLONG, 20, 0, nullable);
      case FLOAT -> new ColumnMeta(schema, table, name, FieldType.FLOAT, 12, 31, nullable);
      case DOUBLE -> new ColumnMeta(schema, table, name, FieldType.DOUBLE, 22, 31, nullable);
      case DECIMAL ->
          new ColumnMeta(
              schema,
              table,
              name,
              FieldType.NEWDECIMAL,
              type.precision() + 2L,
              type.scale(),
              nullable);
      case CHAR ->
          new ColumnMeta(schema, table, name, FieldType.STRING, type.length() * 4L, 0, nullable);
      case VARCHAR ->
          new ColumnMeta(
              schema, table, name, FieldType.VAR_STRING, type.length() * 4L, 0, nullable);
      case DATE -> new ColumnMeta(schema, table, name, FieldType.DATE, 10, 0, nullable);
      case DATETIME -> new ColumnMeta(schema, table, name, FieldType.DATETIME, 19, 0, nullable);
    };
  }
}
