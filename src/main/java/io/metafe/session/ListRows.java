package io.metafe.session;

import io.metafe.records.Column;
import io.metafe.sql.eval.RowSource;
import java.util.List;

/** Rows held in memory, such as the rows of a SHOW statement that a WHERE clause filters. */
record ListRows(String database, String table, List<Column> columns, Iterable<Object[]> rows)
    implements RowSource {}
