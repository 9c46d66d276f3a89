package io.metafe.sql.eval;

import io.metafe.records.DataType;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr.BinaryOp;
import io.metafe.sql.ast.VarScope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The scalar functions MetaFE implements, with MySQL's NULL handling. Arguments arrive already
 * evaluated.
 */
final class Functions {
  static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max");

  private Functions() {}

  static boolean isAggregate(String lowerName) {
    return AGGREGATES.contains(lowerName);
  }

  static Object call(String name, List<Object> args, SessionContext ctx) {
    return switch (name) {
      case "concat" -> {
        atLeast(name, args, 1);
        StringBuilder out = new StringBuilder();
        for (Object a : args) {
          if (a == null) {
            yield null;
          }
          out.append(text(a));
        }
        yield out.toString();
      }
      case "concat_ws" -> {
        atLeast(name, args, 1);
        if (args.get(0) == null) {
          yield null;
        }
        StringBuilder out = new StringBuilder();
        String separator = text(args.get(0));
        boolean first = true;
        for (Object a : args.subList(1, args.size())) {
          if (a != null) {
            out.append(first ? "" : separator).append(text(a));
            first = false;
          }
        }
        yield out.toString();
      }
      case "lower", "lcase" -> string(name, args, s -> s.toLowerCase(Locale.ROOT));
      case "upper", "ucase" -> string(name, args, s -> s.toUpperCase(Locale.ROOT));
      case "trim" -> string(name, args, s -> s.replaceAll("^ +| +$", ""));
      case "ltrim" -> string(name, args, s -> s.replaceAll("^ +", ""));
      case "rtrim" -> string(name, args, s -> s.replaceAll(" +$", ""));
      case "length", "octet_length" -> {
        exactly(name, args, 1);
        yield args.get(0) == null
            ? null
            : (long) text(args.get(0)).getBytes(StandardCharsets.UTF_8).length;
      }
      case "char_length", "character_length" -> {
        exactly(name, args, 1);
        yield args.get(0) == null
            ? null
            : (long) text(args.get(0)).codePointCount(0, text(args.get(0)).length());
      }
      case "substring", "substr" -> substring(name, args);
      case "locate", "instr", "position" -> {
        // LOCATE(needle, haystack[, from]); INSTR has its arguments the other way round.
        if (args.size() < 2 || args.size() > 3 || (!name.equals("locate") && args.size() != 2)) {
          throw SqlException.of(SqlError.WRONG_PARAM_COUNT, name);
        }
        Object needle = name.equals("instr") ? args.get(1) : args.get(0);
        Object haystack = name.equals("instr") ? args.get(0) : args.get(1);
        Object from = args.size() == 3 ? Values.numeric(args.get(2)) : 1L;
        if (needle == null || haystack == null || from == null) {
          yield null;
        }
        long start = ((Number) from).longValue();
        if (start < 1) {
          yield 0L;
        }
        String h = text(haystack).toLowerCase(Locale.ROOT);
        int at =
            h.indexOf(
                text(needle).toLowerCase(Locale.ROOT),
                h.offsetByCodePoints(
                    0, (int) Math.min(start - 1, h.codePointCount(0, h.length()))));
        yield at < 0 ? 0L : (long) h.codePointCount(0, at) + 1;
      }
      case "replace" -> {
        exactly(name, args, 3);
        if (args.get(0) == null || args.get(1) == null || args.get(2) == null) {
          yield null;
        }
        String from = text(args.get(1));
        yield from.isEmpty()
            ? text(args.get(0))
            : text(args.get(0)).replace(from, text(args.get(2)));
      }
      case "repeat" -> {
        exactly(name, args, 2);
        Object count = Values.numeric(args.get(1));
        if (args.get(0) == null || count == null) {
          yield null;
        }
        long n = Math.max(0, ((Number) count).longValue());
        String unit = text(args.get(0));
        if (n * unit.length() > DataType.MAX_VARCHAR_LENGTH) {
          // MySQL returns NULL once the result would pass max_allowed_packet.
          yield null;
        }
        yield unit.repeat((int) n);
      }
      case "abs" -> {
        exactly(name, args, 1);
        Object n = Values.numeric(args.get(0));
        yield n == null ? null : Values.sortCompare(n, 0L) < 0 ? Arithmetic.negate(n) : n;
      }
      case "round" -> round(name, args);
      case "floor" -> integral(name, args, RoundingMode.FLOOR);
      case "ceil", "ceiling" -> integral(name, args, RoundingMode.CEILING);
      case "mod" -> {
        exactly(name, args, 2);
        yield Arithmetic.apply(BinaryOp.MOD, args.get(0), args.get(1));
      }
      case "ifnull" -> {
        exactly(name, args, 2);
        yield args.get(0) != null ? args.get(0) : args.get(1);
      }
      case "nullif" -> {
        exactly(name, args, 2);
        Integer c = Values.compare(args.get(0), args.get(1));
        yield c != null && c == 0 ? null : args.get(0);
      }
      case "coalesce" -> {
        atLeast(name, args, 1);
        yield args.stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
      }
      case "if" -> {
        exactly(name, args, 3);
        yield Boolean.TRUE.equals(Values.truth(args.get(0))) ? args.get(1) : args.get(2);
      }
      case "greatest", "least" -> {
        atLeast(name, args, 2);
        Object best = null;
        for (Object a : args) {
          if (a == null) {
            yield null;
          }
          int c = best == null ? 0 : Values.compare(a, best);
          if (best == null || (name.equals("greatest") ? c > 0 : c < 0)) {
            best = a;
          }
        }
        yield best;
      }
      default -> session(name, args, ctx);
    };
  }

  private static Object session(String name, List<Object> args, SessionContext ctx) {
    return switch (name) {
      case "database", "schema" -> {
        exactly(name, args, 0);
        yield ctx.currentDatabase();
      }
      case "user", "current_user", "session_user", "system_user" -> {
        exactly(name, args, 0);
        yield ctx.currentUser();
      }
      case "version" -> {
        exactly(name, args, 0);
        yield ctx.variable(VarScope.DEFAULT, "version");
      }
      case "connection_id" -> {
        exactly(name, args, 0);
        yield ctx.connectionId();
      }
      case "now", "current_timestamp", "sysdate", "localtime", "localtimestamp" -> {
        if (args.size() > 1) {
          throw SqlException.of(SqlError.WRONG_PARAM_COUNT, name);
        }
        int digits =
            args.isEmpty() || args.get(0) == null
                ? 0
                : (int) Math.max(0, Math.min(6, Values.toDouble(args.get(0))));
        LocalDateTime now = ctx.now().truncatedTo(ChronoUnit.MICROS);
        int unit = (int) Math.pow(10, 9 - digits);
        yield now.withNano(now.getNano() / unit * unit);
      }
      case "curdate", "current_date" -> {
        exactly(name, args, 0);
        yield ctx.now().toLocalDate();
      }
      case "last_insert_id" -> {
        exactly(name, args, 0);
        // Tables have no AUTO_INCREMENT; report the session's value if the session layer keeps one.
        try {
          Object v = ctx.variable(VarScope.SESSION, "last_insert_id");
          yield v == null ? 0L : v;
        } catch (SqlException e) {
          yield 0L;
        }
      }
      default -> throw SqlException.of(SqlError.FUNCTION_NOT_EXISTS, name);
    };
  }

  private static Object substring(String name, List<Object> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw SqlException.of(SqlError.WRONG_PARAM_COUNT, name);
    }
    if (args.contains(null)) {
      return null;
    }
    int[] cps = text(args.get(0)).codePoints().toArray();
    long pos = Casts.toLong(args.get(1));
    long len = args.size() == 3 ? Casts.toLong(args.get(2)) : Long.MAX_VALUE;
    long start = pos > 0 ? pos - 1 : pos < 0 ? cps.length + pos : -1;
    if (start < 0 || start >= cps.length || len <= 0) {
      return "";
    }
    long end = Math.min(cps.length, start + Math.min(len, cps.length));
    return new String(cps, (int) start, (int) (end - start));
  }

  private static Object round(String name, List<Object> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw SqlException.of(SqlError.WRONG_PARAM_COUNT, name);
    }
    Object n = Values.numeric(args.get(0));
    if (n == null || (args.size() == 2 && args.get(1) == null)) {
      return null;
    }
    int digits =
        args.size() == 2 ? (int) Math.max(-30, Math.min(30, Casts.toLong(args.get(1)))) : 0;
    if (n instanceof Double d) {
      // Approximate values round half to even, as MySQL's rint-based ROUND does.
      return BigDecimal.valueOf(d).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    }
    BigDecimal rounded = Values.toDecimal(n).setScale(digits, RoundingMode.HALF_UP);
    if (n instanceof Long) {
      return rounded.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }
    return digits < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY) : rounded;
  }

  private static Object integral(String name, List<Object> args, RoundingMode mode) {
    exactly(name, args, 1);
    Object n = Values.numeric(args.get(0));
    if (n == null || n instanceof Long) {
      return n;
    } else if (n instanceof Double d) {
      return mode == RoundingMode.FLOOR ? Math.floor(d) : Math.ceil(d);
    }
    BigDecimal r = ((BigDecimal) n).setScale(0, mode);
    return r.unscaledValue().bitLength() < 64 ? (Object) r.longValueExact() : r;
  }

  private static Object string(
      String name, List<Object> args, java.util.function.UnaryOperator<String> f) {
    exactly(name, args, 1);
    return args.get(0) == null ? null : f.apply(text(args.get(0)));
  }

  private static String text(Object v) {
    return ValueFormat.toText(v, null);
  }

  private static void exactly(String name, List<Object> args, int n) {
    if (args.size() != n) {
      throw SqlException.of(SqlError.WRONG_PARAM_COUNT, name);
    }
  }

  private static void atLeast(String name, List<Object> args, int n) {
    if (args.size() < n) {
      throw SqlException.of(SqlError.WRONG_PARAM_COUNT, name);
    }
  }
}
