package io.metafe.sql.eval;

import io.metafe.records.Column;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import java.util.List;
import java.util.Locale;

/**
 * Name resolution for the single table of a SELECT: column names are case-insensitive, as in MySQL.
 */
final class TableScope {
  static final TableScope NONE = new TableScope(null, null);

  private final RowSource source;
  private final String aliasOrNull;

  TableScope(RowSource source, String aliasOrNull) {
    this.source = source;
    this.aliasOrNull = aliasOrNull;
  }

  boolean hasTable() {
    return source != null;
  }

  List<Column> columns() {
    return source == null ? List.of() : source.columns();
  }

  RowSource source() {
    return source;
  }

  /** The index of a column, or -1. */
  int find(Expr.ColumnRef ref) {
    if (source == null) {
      return -1;
    }
    if (ref.tableOrNull() != null && !matchesQualifier(ref.tableOrNull())) {
      return -1;
    }
    List<Column> columns = source.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns
          .get(i)
          .name()
          .toLowerCase(Locale.ROOT)
          .equals(ref.name().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * @throws SqlException 1054 naming {@code clause} when the column is unknown
   */
  int resolve(Expr.ColumnRef ref, String clause) {
    int index = find(ref);
    if (index < 0) {
      throw SqlException.of(SqlError.BAD_FIELD, Evaluator.qualified(ref), clause);
    }
    return index;
  }

  /** Once a table has an alias, MySQL only accepts the alias as qualifier. */
  boolean matchesQualifier(String qualifier) {
    if (source == null) {
      return false;
    }
    String expected = aliasOrNull != null ? aliasOrNull : source.table();
    return expected.equalsIgnoreCase(qualifier);
  }
}
