package io.metafe.mysql;

import java.util.Objects;

/**
 * Describes one column of a result set as the client will see it in the column definition packet.
 *
 * <p>Immutable and thread-safe. {@code schema} and {@code table} may be empty strings (null is
 * treated as empty); {@code length} is the display length in bytes as MySQL reports it (clamped to
 * 32 bits on the wire).
 */
public record ColumnMeta(
    String schema,
    String table,
    String name,
    FieldType type,
    long length,
    int decimals,
    boolean nullable) {

  public ColumnMeta {
    schema = schema == null ? "" : schema;
    table = table == null ? "" : table;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (length < 0) {
      throw new IllegalArgumentException("negative column length " + length);
    }
    if (decimals < 0 || decimals > 0xFF) {
      throw new IllegalArgumentException("decimals out of range: " + decimals);
    }
  }

  /** A nullable column with no schema or table and a typical display length for its type. */
  public static ColumnMeta of(String name, FieldType type) {
    return new ColumnMeta("", "", name, type, defaultLength(type), defaultDecimals(type), true);
  }

  private static long defaultLength(FieldType type) {
    return switch (type) {
      case TINY -> 4;
      case SHORT -> 6;
      case INT24 -> 9;
      case LONG -> 11;
      case LONGLONG -> 20;
      case FLOAT -> 12;
      case DOUBLE -> 22;
      case DECIMAL, NEWDECIMAL -> 67;
      case DATE, NEWDATE -> 10;
      case TIME -> 10;
      case DATETIME, TIMESTAMP -> 19;
      case YEAR -> 4;
      case NULL -> 0;
      case BIT -> 1;
      // utf8mb4 needs up to four bytes per character; 255 characters is the conventional default.
      default -> 255L * 4;
    };
  }

  private static int defaultDecimals(FieldType type) {
    // 31 is MySQL's "not fixed" marker for floating point columns.
    return type == FieldType.FLOAT || type == FieldType.DOUBLE ? 31 : 0;
  }
}
