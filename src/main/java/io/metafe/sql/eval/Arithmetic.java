package io.metafe.sql.eval;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr.BinaryOp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * MySQL arithmetic: integer operands stay exact and raise 1690 on overflow, any DOUBLE (or string)
 * operand makes the result DOUBLE, otherwise DECIMAL. {@code /} on exact operands gives a DECIMAL
 * with the dividend's scale + 4 (MySQL's div_precision_increment); division or modulo by zero is
 * NULL.
 */
final class Arithmetic {
  static final int DIV_PRECISION_INCREMENT = 4;

  private Arithmetic() {}

  static Object apply(BinaryOp op, Object left, Object right) {
    Object a = Values.numeric(left);
    Object b = Values.numeric(right);
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof Double || b instanceof Double) {
      return doubles(op, Values.toDouble(a), Values.toDouble(b));
    }
    if (a instanceof Long x && b instanceof Long y) {
      return longs(op, x, y);
    }
    return decimals(op, Values.toDecimal(a), Values.toDecimal(b));
  }

  private static Object longs(BinaryOp op, long x, long y) {
    try {
      return switch (op) {
        case ADD -> Math.addExact(x, y);
        case SUBTRACT -> Math.subtractExact(x, y);
        case MULTIPLY -> Math.multiplyExact(x, y);
        case DIVIDE ->
            y == 0
                ? null
                : BigDecimal.valueOf(x)
                    .divide(BigDecimal.valueOf(y), DIV_PRECISION_INCREMENT, RoundingMode.HALF_UP);
        case INT_DIVIDE -> y == 0 ? null : quotient(x, y);
        case MOD -> y == 0 ? null : x % y;
        default -> throw new IllegalArgumentException(op.toString());
      };
    } catch (ArithmeticException e) {
      throw SqlException.of(
          SqlError.DATA_OUT_OF_RANGE, "BIGINT", "(" + x + " " + op.symbol() + " " + y + ")");
    }
  }

  private static long quotient(long x, long y) {
    if (x == Long.MIN_VALUE && y == -1) {
      throw new ArithmeticException("overflow");
    }
    return x / y;
  }

  private static Object decimals(BinaryOp op, BigDecimal x, BigDecimal y) {
    return switch (op) {
      case ADD -> x.add(y);
      case SUBTRACT -> x.subtract(y);
      case MULTIPLY -> x.multiply(y);
      case DIVIDE ->
          y.signum() == 0
              ? null
              : x.divide(y, Math.max(x.scale(), 0) + DIV_PRECISION_INCREMENT, RoundingMode.HALF_UP);
      case INT_DIVIDE -> y.signum() == 0 ? null : toLong(x.divideToIntegralValue(y), op, x, y);
      case MOD -> y.signum() == 0 ? null : x.remainder(y);
      default -> throw new IllegalArgumentException(op.toString());
    };
  }

  private static Object doubles(BinaryOp op, double x, double y) {
    Double result =
        switch (op) {
          case ADD -> x + y;
          case SUBTRACT -> x - y;
          case MULTIPLY -> x * y;
          case DIVIDE -> y == 0 ? null : x / y;
          case INT_DIVIDE -> y == 0 ? null : (double) (long) (x / y);
          case MOD -> y == 0 ? null : x % y;
          default -> throw new IllegalArgumentException(op.toString());
        };
    if (result != null && (result.isInfinite() || result.isNaN())) {
      throw SqlException.of(
          SqlError.DATA_OUT_OF_RANGE, "DOUBLE", "(" + x + " " + op.symbol() + " " + y + ")");
    }
    if (op == BinaryOp.INT_DIVIDE && result != null) {
      return result.longValue();
    }
    return result;
  }

  private static Long toLong(BigDecimal quotient, BinaryOp op, BigDecimal x, BigDecimal y) {
    try {
      return quotient.longValueExact();
    } catch (ArithmeticException e) {
      throw SqlException.of(
          SqlError.DATA_OUT_OF_RANGE,
          "BIGINT",
          "(" + x.toPlainString() + " " + op.symbol() + " " + y.toPlainString() + ")");
    }
  }

  static Object negate(Object value) {
    Object n = Values.numeric(value);
    if (n == null) {
      return null;
    } else if (n instanceof Long l) {
      if (l == Long.MIN_VALUE) {
        throw SqlException.of(SqlError.DATA_OUT_OF_RANGE, "BIGINT", "-(" + l + ")");
      }
      return -l;
    } else if (n instanceof Double d) {
      return -d;
    }
    return ((BigDecimal) n).negate();
  }

  /**
   * MySQL's ~ works on unsigned 64-bit integers; results above Long.MAX_VALUE are returned as
   * DECIMAL.
   */
  static Object bitNot(Object value) {
    Object n = Values.numeric(value);
    if (n == null) {
      return null;
    }
    long bits =
        n instanceof Long l ? l : Values.toDecimal(n).setScale(0, RoundingMode.HALF_UP).longValue();
    long inverted = ~bits;
    return inverted >= 0
        ? (Object) inverted
        : new BigDecimal(new BigInteger(Long.toUnsignedString(inverted)));
  }
}
