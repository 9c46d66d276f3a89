package io.metafe.sql.eval;

import io.metafe.records.Column;
import java.util.List;

/**
 * The table a SELECT reads. {@link #rows()} may be iterated once; each row is an {@code Object[]}
 * in {@link #columns()} order holding values of the classes listed on {@link
 * io.metafe.records.DataType}. The engine does not modify the arrays.
 */
public interface RowSource {
  String database();

  String table();

  List<Column> columns();

  Iterable<Object[]> rows();
}
