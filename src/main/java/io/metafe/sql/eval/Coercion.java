package io.metafe.sql.eval;

import io.metafe.records.Column;
import io.metafe.records.DataType;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Converts a value for storage in a column the way MySQL does in strict mode (STRICT_TRANS_TABLES):
 * conversions that would lose information are errors, not warnings. Fractions into integer columns
 * round half away from zero; trailing spaces beyond a CHAR/VARCHAR length are dropped silently,
 * other excess characters are an error.
 */
public final class Coercion {
  private Coercion() {}

  /**
   * @param value an evaluated value (any class {@link Evaluator} produces)
   * @param rowNumber 1-based row of the statement, for messages
   * @return the value as the column's Java class (see {@link DataType})
   */
  public static Object toColumn(Column column, Object value, int rowNumber) {
    if (value == null) {
      if (!column.nullable()) {
        throw SqlException.of(SqlError.BAD_NULL, column.name());
      }
      return null;
    }
    DataType type = column.type();
    return switch (type.kind()) {
      case TINYINT -> integer(column, value, rowNumber, -128, 127);
      case SMALLINT -> integer(column, value, rowNumber, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT -> integer(column, value, rowNumber, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT -> integer(column, value, rowNumber, Long.MIN_VALUE, Long.MAX_VALUE);
      case FLOAT, DOUBLE -> approximate(column, value, rowNumber);
      case DECIMAL -> decimal(column, value, rowNumber);
      case CHAR, VARCHAR -> string(column, value, rowNumber);
      case DATE -> {
        LocalDateTime t = dateTime(column, value, rowNumber, "date");
        yield t.toLocalDate();
      }
      case DATETIME ->
          dateTime(column, value, rowNumber, "datetime").truncatedTo(ChronoUnit.MICROS);
      case BOOLEAN -> bool(column, value, rowNumber);
    };
  }

  private static Long integer(Column column, Object value, int row, long min, long max) {
    BigDecimal exact = exactNumber(column, value, row, "integer");
    BigDecimal rounded = exact.setScale(0, RoundingMode.HALF_UP);
    if (rounded.compareTo(BigDecimal.valueOf(min)) < 0
        || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw SqlException.of(SqlError.OUT_OF_RANGE, column.name(), row);
    }
    return rounded.longValueExact();
  }

  private static BigDecimal decimal(Column column, Object value, int row) {
    DataType type = column.type();
    BigDecimal rounded =
        exactNumber(column, value, row, "decimal").setScale(type.scale(), RoundingMode.HALF_UP);
    if (rounded.precision() - rounded.scale() > type.precision() - type.scale()
        && rounded.signum() != 0) {
      throw SqlException.of(SqlError.OUT_OF_RANGE, column.name(), row);
    }
    return rounded;
  }

  private static Double approximate(Column column, Object value, int row) {
    double d;
    if (value instanceof Double x) {
      d = x;
    } else {
      d = exactNumber(column, value, row, "double").doubleValue();
    }
    boolean single = column.type().kind() == DataType.Kind.FLOAT;
    if (Double.isNaN(d) || Double.isInfinite(d) || (single && Math.abs(d) > Float.MAX_VALUE)) {
      throw SqlException.of(SqlError.OUT_OF_RANGE, column.name(), row);
    }
    return single ? (double) (float) d : d;
  }

  /** A number as BigDecimal; strings must be entirely numeric, dates become YYYYMMDD[HHMMSS]. */
  private static BigDecimal exactNumber(Column column, Object value, int row, String kind) {
    if (value instanceof String s) {
      BigDecimal parsed = Values.parseNumber(s);
      if (parsed == null) {
        throw SqlException.of(
            SqlError.TRUNCATED_WRONG_VALUE_FOR_FIELD, kind, s, column.name(), row);
      }
      return parsed;
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      throw SqlException.of(SqlError.OUT_OF_RANGE, column.name(), row);
    }
    return Values.toDecimal(value);
  }

  private static String string(Column column, Object value, int row) {
    String s = ValueFormat.toText(value, null);
    int max = column.type().length();
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    int cut = s.offsetByCodePoints(0, max);
    if (s.substring(cut).isBlank() && s.substring(cut).chars().allMatch(c -> c == ' ')) {
      return s.substring(0, cut);
    }
    throw SqlException.of(SqlError.DATA_TOO_LONG, column.name(), row);
  }

  private static LocalDateTime dateTime(Column column, Object value, int row, String kind) {
    LocalDateTime t = null;
    if (value instanceof LocalDateTime x) {
      t = x;
    } else if (value instanceof LocalDate d) {
      t = d.atStartOfDay();
    } else if (value instanceof String s) {
      t = Temporals.parseDateTime(s);
    } else if (value instanceof Long l) {
      t = Temporals.parseDateTime(Long.toString(l));
    }
    if (t == null) {
      throw SqlException.of(
          SqlError.TRUNCATED_WRONG_VALUE,
          kind,
          ValueFormat.toText(value, null),
          column.name(),
          row);
    }
    return t;
  }

  private static Boolean bool(Column column, Object value, int row) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      String t = s.trim();
      if (t.equalsIgnoreCase("true") || t.equals("1")) {
        return true;
      } else if (t.equalsIgnoreCase("false") || t.equals("0")) {
        return false;
      }
    } else if (Values.isNumber(value)) {
      BigDecimal d = Values.toDecimal(value);
      if (d.compareTo(BigDecimal.ONE) == 0) {
        return true;
      } else if (d.signum() == 0) {
        return false;
      }
    }
    throw SqlException.of(
        SqlError.TRUNCATED_WRONG_VALUE_FOR_FIELD,
        "boolean",
        ValueFormat.toText(value, null),
        column.name(),
        row);
  }
}
