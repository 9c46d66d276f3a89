package io.metafe.sql.ast;

import java.util.Objects;

/** A possibly database-qualified table name, as written (case preserved). */
public record TableName(String databaseOrNull, String table) {
  public TableName {
    Objects.requireNonNull(table, "table");
  }

  /** {@code db.t} or {@code t}, for messages. */
  @Override
  public String toString() {
    return databaseOrNull == null ? table : databaseOrNull + "." + table;
  }
}
