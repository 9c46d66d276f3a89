package io.metafe.catalog;

import io.metafe.records.TableDefinition;
import io.vavr.collection.Vector;

/**
 * A table: its definition and its rows. Immutable; appending rows returns a new table that shares
 * the old rows. The row arrays are never modified.
 */
public record Table(TableDefinition definition, Vector<Object[]> rows) {
  public long id() {
    return definition.id();
  }

  public String name() {
    return definition.name();
  }

  Table append(java.util.List<Object[]> more) {
    return new Table(definition, rows.appendAll(more));
  }
}
