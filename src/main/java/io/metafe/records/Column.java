package io.metafe.records;

import java.util.Objects;

/**
 * One column of a table definition.
 *
 * @param defaultValue the default as a value of the column's Java class (see {@link DataType}), or
 *     {@code null} for no default (which means NULL for a nullable column and "must be given" for a
 *     NOT NULL one)
 * @param comment never null; empty when absent
 */
public record Column(
    String name, DataType type, boolean nullable, Object defaultValue, String comment) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(comment, "comment");
  }
}
