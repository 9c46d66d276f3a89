package io.metafe.sql.eval;

import io.metafe.records.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * CAST semantics: lenient like MySQL's CAST (bad input gives 0 or NULL rather than an error,
 * out-of-range values are clamped). Strict conversions for storing values are in {@link Coercion}.
 */
final class Casts {
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private Casts() {}

  static Object cast(Object v, DataType type) {
    if (v == null) {
      return null;
    }
    return switch (type.kind()) {
      case TINYINT, SMALLINT, INT, BIGINT -> toLong(v);
      case FLOAT, DOUBLE -> Values.toDouble(v);
      case DECIMAL -> toDecimal(v, type);
      case CHAR, VARCHAR -> {
        String s = ValueFormat.toText(v, null);
        yield s.codePointCount(0, s.length()) > type.length()
            ? s.substring(0, s.offsetByCodePoints(0, type.length()))
            : s;
      }
      case DATE -> {
        LocalDateTime t = toDateTime(v);
        yield t == null ? null : t.toLocalDate();
      }
      case DATETIME -> toDateTime(v);
      case BOOLEAN -> Values.truth(v);
    };
  }

  /**
   * Strings contribute their integer prefix; exact and approximate numbers round half away from
   * zero.
   */
  static Long toLong(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    BigDecimal d;
    if (v instanceof String s) {
      d = Values.parseNumberPrefix(s);
      if (!s.toLowerCase(java.util.Locale.ROOT).contains("e")) {
        d = d.setScale(0, RoundingMode.DOWN);
      }
    } else {
      d = Values.toDecimal(v);
    }
    d = d.setScale(0, RoundingMode.HALF_UP);
    return d.max(LONG_MIN).min(LONG_MAX).longValue();
  }

  private static BigDecimal toDecimal(Object v, DataType type) {
    BigDecimal d = Values.toDecimal(v).setScale(type.scale(), RoundingMode.HALF_UP);
    BigDecimal max =
        BigDecimal.TEN
            .pow(type.precision() - type.scale())
            .subtract(BigDecimal.ONE.movePointLeft(type.scale()));
    return d.min(max).max(max.negate());
  }

  static LocalDateTime toDateTime(Object v) {
    if (v instanceof LocalDateTime t) {
      return t;
    } else if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    } else if (v instanceof String s) {
      return Temporals.parseDateTime(s);
    } else if (v instanceof Long l) {
      return Temporals.parseDateTime(Long.toString(l));
    }
    return null;
  }
}
