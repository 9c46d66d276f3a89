package io.metafe.sql.eval;

import java.util.List;

/**
 * A materialised result set. Each row has one value per column, of the Java class its column type
 * implies (see {@link io.metafe.records.DataType}); render them with {@link ValueFormat}.
 */
public record QueryResult(List<ResultColumn> columns, List<Object[]> rows) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
