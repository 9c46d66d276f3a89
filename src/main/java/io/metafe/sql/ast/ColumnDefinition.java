package io.metafe.sql.ast;

import io.metafe.records.DataType;
import java.util.Objects;

/**
 * One column of CREATE TABLE, before the catalog turns it into a {@link io.metafe.records.Column}.
 *
 * @param nullableOrNullIfUnspecified TRUE for {@code NULL}, FALSE for {@code NOT NULL}, null when
 *     neither was written
 * @param defaultOrNull the DEFAULT literal (possibly a negated one, kept as {@link Expr.Literal}),
 *     or null
 * @param comment never null; empty when absent
 */
public record ColumnDefinition(
    String name,
    DataType type,
    Boolean nullableOrNullIfUnspecified,
    Expr defaultOrNull,
    boolean defaultCurrentTimestamp,
    String comment) {
  public ColumnDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(comment, "comment");
  }
}
