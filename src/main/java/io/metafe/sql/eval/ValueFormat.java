package io.metafe.sql.eval;

import io.metafe.records.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** Renders values as MySQL's text protocol does. */
public final class ValueFormat {
  private static final BigDecimal PLAIN_MAX = new BigDecimal("1e15");
  private static final BigDecimal PLAIN_MIN = new BigDecimal("1e-15");

  private ValueFormat() {}

  /**
   * The text of a value; null for SQL NULL.
   *
   * @param typeOrNull the column type when known: DECIMAL fixes the scale, FLOAT prints single
   *     precision
   */
  public static String toText(Object value, DataType typeOrNull) {
    if (value == null) {
      return null;
    } else if (value instanceof String s) {
      return s;
    } else if (value instanceof Long l) {
      return l.toString();
    } else if (value instanceof Boolean b) {
      return b ? "1" : "0";
    } else if (value instanceof BigDecimal d) {
      if (typeOrNull != null && typeOrNull.kind() == DataType.Kind.DECIMAL) {
        return d.setScale(typeOrNull.scale(), RoundingMode.HALF_UP).toPlainString();
      }
      return d.toPlainString();
    } else if (value instanceof Double d) {
      boolean single = typeOrNull != null && typeOrNull.kind() == DataType.Kind.FLOAT;
      return approximate(d, single);
    } else if (value instanceof LocalDate d) {
      return d.toString();
    } else if (value instanceof LocalDateTime t) {
      return dateTime(t);
    }
    return value.toString();
  }

  private static String dateTime(LocalDateTime t) {
    String text =
        String.format(
            java.util.Locale.ROOT,
            "%s %02d:%02d:%02d",
            t.toLocalDate(),
            t.getHour(),
            t.getMinute(),
            t.getSecond());
    if (t.getNano() != 0) {
      text += String.format(java.util.Locale.ROOT, ".%06d", t.getNano() / 1000);
    }
    return text;
  }

  /**
   * Shortest round-trip digits; plain notation for moderate magnitudes, {@code 1.5e20} style
   * otherwise.
   */
  private static String approximate(double d, boolean single) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal exact =
        new BigDecimal(single ? Float.toString((float) d) : Double.toString(d))
            .stripTrailingZeros();
    BigDecimal magnitude = exact.abs();
    if (magnitude.compareTo(PLAIN_MAX) < 0 && magnitude.compareTo(PLAIN_MIN) >= 0) {
      return exact.toPlainString();
    }
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (exact.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
  }
}
