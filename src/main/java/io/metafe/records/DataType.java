package io.metafe.records;

import java.util.Objects;

/**
 * The SQL type of a table column. Immutable. {@code length} applies to CHAR/VARCHAR, {@code
 * precision} and {@code scale} to DECIMAL; they are 0 for every other kind.
 *
 * <p>Values of each kind are held in memory as one Java class, so that every layer agrees without
 * conversion: BOOLEAN → {@link Boolean}; TINYINT, SMALLINT, INT, BIGINT → {@link Long}; FLOAT,
 * DOUBLE → {@link Double}; DECIMAL → {@link java.math.BigDecimal}; CHAR, VARCHAR → {@link String};
 * DATE → {@link java.time.LocalDate}; DATETIME → {@link java.time.LocalDateTime}; SQL NULL → {@code
 * null}.
 */
public record DataType(Kind kind, int length, int precision, int scale) {

  /** The kinds of column type MetaFE stores. */
  public enum Kind {
    BOOLEAN(0),
    TINYINT(1),
    SMALLINT(2),
    INT(3),
    BIGINT(4),
    FLOAT(5),
    DOUBLE(6),
    DECIMAL(7),
    CHAR(8),
    VARCHAR(9),
    DATE(10),
    DATETIME(11);

    /**
     * The byte records and images store; fixed here so that reordering the constants cannot change
     * formats.
     */
    private final int wireCode;

    Kind(int wireCode) {
      this.wireCode = wireCode;
    }

    public int wireCode() {
      return wireCode;
    }

    /** The kind stored as {@code code}, or {@code null} for a code no version of MetaFE wrote. */
    public static Kind fromWireCode(int code) {
      for (Kind kind : values()) {
        if (kind.wireCode == code) {
          return kind;
        }
      }
      return null;
    }

    /** True for the kinds whose values are {@link Long}. */
    public boolean isInteger() {
      return this == TINYINT || this == SMALLINT || this == INT || this == BIGINT;
    }

    public boolean isString() {
      return this == CHAR || this == VARCHAR;
    }
  }

  public static final int MAX_VARCHAR_LENGTH = 1_048_576;
  public static final int MAX_CHAR_LENGTH = 255;
  public static final int MAX_DECIMAL_PRECISION = 38;

  /** StarRocks' STRING is a VARCHAR of this length. */
  public static final int STRING_LENGTH = 65_533;

  public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, 0, 0, 0);
  public static final DataType TINYINT = new DataType(Kind.TINYINT, 0, 0, 0);
  public static final DataType SMALLINT = new DataType(Kind.SMALLINT, 0, 0, 0);
  public static final DataType INT = new DataType(Kind.INT, 0, 0, 0);
  public static final DataType BIGINT = new DataType(Kind.BIGINT, 0, 0, 0);
  public static final DataType FLOAT = new DataType(Kind.FLOAT, 0, 0, 0);
  public static final DataType DOUBLE = new DataType(Kind.DOUBLE, 0, 0, 0);
  public static final DataType DATE = new DataType(Kind.DATE, 0, 0, 0);
  public static final DataType DATETIME = new DataType(Kind.DATETIME, 0, 0, 0);

  public DataType {
    Objects.requireNonNull(kind, "kind");
    switch (kind) {
      case CHAR ->
          require(
              length >= 1 && length <= MAX_CHAR_LENGTH,
              "CHAR length must be 1.." + MAX_CHAR_LENGTH);
      case VARCHAR ->
          require(
              length >= 1 && length <= MAX_VARCHAR_LENGTH,
              "VARCHAR length must be 1.." + MAX_VARCHAR_LENGTH);
      case DECIMAL -> {
        require(
            precision >= 1 && precision <= MAX_DECIMAL_PRECISION,
            "DECIMAL precision must be 1.." + MAX_DECIMAL_PRECISION);
        require(scale >= 0 && scale <= precision, "DECIMAL scale must be 0..precision");
      }
      default ->
          require(
              length == 0 && precision == 0 && scale == 0,
              kind + " takes no length, precision or scale");
    }
  }

  public static DataType varchar(int length) {
    return new DataType(Kind.VARCHAR, length, 0, 0);
  }

  public static DataType chars(int length) {
    return new DataType(Kind.CHAR, length, 0, 0);
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(Kind.DECIMAL, 0, precision, scale);
  }

  /** The type as written in DDL, e.g. {@code varchar(32)}, {@code decimal(10,2)}, {@code int}. */
  public String sql() {
    return switch (kind) {
      case CHAR -> "char(" + length + ")";
      case VARCHAR -> "varchar(" + length + ")";
      case DECIMAL -> "decimal(" + precision + "," + scale + ")";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  @Override
  public String toString() {
    return sql();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
