package io.metafe.session;

import io.metafe.catalog.Table;
import io.metafe.records.Column;
import io.metafe.sql.eval.RowSource;
import java.util.List;

/** A table of one catalog snapshot, as the query engine reads it. */
record TableRows(String database, Table tableData) implements RowSource {
  @Override
  public String table() {
    return tableData.name();
  }

  @Override
  public List<Column> columns() {
    return tableData.definition().columns();
  }

  @Override
  public Iterable<Object[]> rows() {
    return tableData.rows();
  }
}
