package io.metafe.mysql;

/**
 * MySQL column types with their wire codes, as carried in a column definition packet.
 *
 * <p>Immutable and thread-safe. The classification methods decide how a column is described to
 * clients: numeric and temporal values travel as text in the binary character set (63), everything
 * else as utf8mb4.
 */
public enum FieldType {
  DECIMAL(0),
  TINY(1),
  SHORT(2),
  LONG(3),
  FLOAT(4),
  DOUBLE(5),
  NULL(6),
  TIMESTAMP(7),
  LONGLONG(8),
  INT24(9),
  DATE(10),
  TIME(11),
  DATETIME(12),
  YEAR(13),
  NEWDATE(14),
  VARCHAR(15),
  BIT(16),
  JSON(245),
  NEWDECIMAL(246),
  ENUM(247),
  SET(248),
  TINY_BLOB(249),
  MEDIUM_BLOB(250),
  LONG_BLOB(251),
  BLOB(252),
  VAR_STRING(253),
  STRING(254),
  GEOMETRY(255);

  private final int code;

  FieldType(int code) {
    this.code = code;
  }

  /** The one-byte type code used on the wire. */
  public int code() {
    return code;
  }

  /** True for types whose text value is a number; clients see the NUM flag on them. */
  public boolean isNumeric() {
    return switch (this) {
      case DECIMAL, TINY, SHORT, LONG, FLOAT, DOUBLE, LONGLONG, INT24, YEAR, NEWDECIMAL -> true;
      default -> false;
    };
  }

  /**
   * True for types that MySQL describes with the binary character set rather than a text collation.
   */
  public boolean usesBinaryCharset() {
    return switch (this) {
      case NULL, TIMESTAMP, DATE, TIME, DATETIME, NEWDATE, BIT, GEOMETRY -> true;
      default -> isNumeric();
    };
  }

  /** The type with the given wire code. @throws IllegalArgumentException for an unknown code */
  public static FieldType ofCode(int code) {
    for (FieldType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown MySQL field type code " + code);
  }
}
