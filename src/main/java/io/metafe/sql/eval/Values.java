package io.metafe.sql.eval;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.Temporal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MySQL's implicit conversions and comparisons between runtime values. */
final class Values {
  private static final Pattern NUMERIC_PREFIX =
      Pattern.compile("^\\s*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

  /** Stands for NULL in grouping keys, where SQL treats all NULLs as one group. */
  private static final Object NULL_KEY =
      new Object() {
        @Override
        public String toString() {
          return "NULL";
        }
      };

  private Values() {}

  static boolean isNumber(Object v) {
    return v instanceof Long
        || v instanceof BigDecimal
        || v instanceof Double
        || v instanceof Boolean;
  }

  /** SQL truth: null for NULL; strings by their numeric prefix, as MySQL does. */
  static Boolean truth(Object v) {
    if (v == null) {
      return null;
    } else if (v instanceof Boolean b) {
      return b;
    } else if (v instanceof Long l) {
      return l != 0;
    } else if (v instanceof BigDecimal d) {
      return d.signum() != 0;
    } else if (v instanceof Double d) {
      return d != 0;
    } else if (v instanceof String s) {
      return parseNumberPrefix(s).signum() != 0;
    }
    return true;
  }

  static Long bool(Boolean b) {
    return b == null ? null : b ? 1L : 0L;
  }

  /**
   * A number for arithmetic: Long, BigDecimal or Double (strings become Double as in MySQL); null
   * stays null.
   */
  static Object numeric(Object v) {
    if (v == null || v instanceof Long || v instanceof BigDecimal || v instanceof Double) {
      return v;
    } else if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    } else if (v instanceof String s) {
      return parseNumberPrefix(s).doubleValue();
    } else if (v instanceof LocalDate d) {
      return (long) d.getYear() * 10000 + d.getMonthValue() * 100L + d.getDayOfMonth();
    } else if (v instanceof LocalDateTime t) {
      long date = (long) t.getYear() * 10000 + t.getMonthValue() * 100L + t.getDayOfMonth();
      return date * 1_000_000 + t.getHour() * 10000L + t.getMinute() * 100L + t.getSecond();
    }
    throw new IllegalArgumentException("not a SQL value: " + v.getClass());
  }

  static double toDouble(Object v) {
    Object n = numeric(v);
    return n instanceof Double d ? d : n instanceof Long l ? l : ((BigDecimal) n).doubleValue();
  }

  static BigDecimal toDecimal(Object v) {
    if (v instanceof String s) {
      return parseNumberPrefix(s);
    }
    Object n = numeric(v);
    return n instanceof Long l
        ? BigDecimal.valueOf(l)
        : n instanceof Double d ? BigDecimal.valueOf(d) : (BigDecimal) n;
  }

  /** The leading number of a string, 0 when there is none ('12abc' is 12, 'abc' is 0). */
  static BigDecimal parseNumberPrefix(String s) {
    Matcher m = NUMERIC_PREFIX.matcher(s);
    if (!m.find()) {
      return BigDecimal.ZERO;
    }
    return new BigDecimal(m.group().trim().replaceFirst("^\\+", ""));
  }

  /** Exactly a number (surrounding spaces allowed), or null. */
  static BigDecimal parseNumber(String s) {
    Matcher m = NUMERIC_PREFIX.matcher(s);
    if (!m.find() || !s.substring(m.end()).isBlank()) {
      return null;
    }
    return new BigDecimal(m.group().trim().replaceFirst("^\\+", ""));
  }

  /** Compares like MySQL's comparison operators; null when either side is NULL. */
  static Integer compare(Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof String sa && b instanceof String sb) {
      return compareStrings(sa, sb);
    }
    if (a instanceof Temporal || b instanceof Temporal) {
      LocalDateTime ta = asDateTime(a);
      LocalDateTime tb = asDateTime(b);
      if (ta != null && tb != null) {
        return ta.compareTo(tb);
      }
      if (a instanceof String || b instanceof String) {
        return compareStrings(ValueFormat.toText(a, null), ValueFormat.toText(b, null));
      }
    }
    Object na = numeric(a);
    Object nb = numeric(b);
    if (na instanceof Double || nb instanceof Double) {
      return Double.compare(toDouble(na), toDouble(nb));
    }
    return toDecimal(na).compareTo(toDecimal(nb));
  }

  /** utf8mb4_general_ci-like: case-insensitive, trailing spaces ignored (PAD SPACE). */
  static int compareStrings(String a, String b) {
    return a.stripTrailing().compareToIgnoreCase(b.stripTrailing());
  }

  private static LocalDateTime asDateTime(Object v) {
    if (v instanceof LocalDateTime t) {
      return t;
    } else if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    } else if (v instanceof String s) {
      return Temporals.parseDateTime(s);
    }
    return null;
  }

  /**
   * A total order for ORDER BY and MIN/MAX: NULL first, then values compared as by {@link #compare}
   * within the same family (numbers, strings, dates); different families are ordered by family so
   * that sorting never sees an inconsistent comparator.
   */
  static int sortCompare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    int fa = family(a);
    int fb = family(b);
    if (fa != fb) {
      return Integer.compare(fa, fb);
    }
    return compare(a, b);
  }

  private static int family(Object v) {
    return isNumber(v) ? 0 : v instanceof String ? 1 : 2;
  }

  /**
   * A key under which values that compare equal group together (GROUP BY, DISTINCT,
   * COUNT(DISTINCT)).
   */
  static Object groupKey(Object v) {
    if (v == null) {
      return NULL_KEY;
    } else if (v instanceof String s) {
      return s.stripTrailing().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return d;
    } else if (isNumber(v)) {
      return toDecimal(v).stripTrailingZeros();
    } else if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    return v;
  }
}
