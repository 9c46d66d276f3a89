package io.metafe.sql.eval;

import io.metafe.records.DataType;
import io.metafe.records.DataType.Kind;
import io.metafe.sql.ast.Expr;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

/**
 * Result column types. Where the value class is certain from the expression alone (column
 * references, comparisons, casts, aggregates over columns, integer arithmetic, literals) the type
 * is static; otherwise it is derived from the values actually produced, which is exact for the rows
 * returned.
 */
final class TypeInference {
  /** A known type; {@code typeOrNull} null is MySQL's NULL type. */
  record Typed(DataType typeOrNull) {}

  private static final Set<String> DATETIME_FUNCTIONS =
      Set.of("now", "current_timestamp", "sysdate", "localtime", "localtimestamp");

  private TypeInference() {}

  /** The static type, or null when only the values can tell. */
  static Typed infer(Expr e, TableScope scope) {
    if (e instanceof Expr.ColumnRef ref) {
      int i = scope.find(ref);
      return i < 0 ? null : new Typed(scope.columns().get(i).type());
    } else if (e instanceof Expr.Literal lit) {
      return lit.value() == null ? new Typed(null) : new Typed(ofValue(lit.value()));
    } else if (e instanceof Expr.Cast c) {
      return new Typed(c.type());
    } else if (e instanceof Expr.IsNull
        || e instanceof Expr.IsBool
        || e instanceof Expr.InList
        || e instanceof Expr.Between
        || e instanceof Expr.Like) {
      return new Typed(DataType.BIGINT);
    } else if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NOT) {
      return new Typed(DataType.BIGINT);
    } else if (e instanceof Expr.Binary b) {
      if (b.op().isComparison() || b.op().isLogical()) {
        return new Typed(DataType.BIGINT);
      }
      Typed l = infer(b.left(), scope);
      Typed r = infer(b.right(), scope);
      boolean integers = isInteger(l) && isInteger(r);
      if (integers && b.op() != Expr.BinaryOp.DIVIDE) {
        return new Typed(DataType.BIGINT);
      }
      return null;
    } else if (e instanceof Expr.FunctionCall f) {
      return function(f, scope);
    }
    return null;
  }

  private static Typed function(Expr.FunctionCall f, TableScope scope) {
    String name = f.lowerName();
    if (name.equals("count") || name.equals("connection_id")) {
      return new Typed(DataType.BIGINT);
    } else if (DATETIME_FUNCTIONS.contains(name)) {
      return new Typed(DataType.DATETIME);
    } else if (name.equals("curdate") || name.equals("current_date")) {
      return new Typed(DataType.DATE);
    }
    if (f.args().size() != 1 || !Functions.isAggregate(name)) {
      return null;
    }
    Typed arg = infer(f.args().get(0), scope);
    if (arg == null || arg.typeOrNull() == null) {
      return null;
    }
    DataType t = arg.typeOrNull();
    return switch (name) {
      case "min", "max" -> arg;
      case "sum" ->
          t.kind().isInteger()
              ? new Typed(DataType.decimal(38, 0))
              : t.kind() == Kind.DECIMAL
                  ? new Typed(DataType.decimal(38, t.scale()))
                  : isApproximate(t) ? new Typed(DataType.DOUBLE) : null;
      case "avg" ->
          t.kind().isInteger()
              ? new Typed(DataType.decimal(38, Arithmetic.DIV_PRECISION_INCREMENT))
              : t.kind() == Kind.DECIMAL
                  ? new Typed(
                      DataType.decimal(
                          38, Math.min(38, t.scale() + Arithmetic.DIV_PRECISION_INCREMENT)))
                  : isApproximate(t) ? new Typed(DataType.DOUBLE) : null;
      default -> null;
    };
  }

  private static boolean isInteger(Typed t) {
    return t != null && t.typeOrNull() != null && t.typeOrNull().kind().isInteger();
  }

  private static boolean isApproximate(DataType t) {
    return t.kind() == Kind.DOUBLE || t.kind() == Kind.FLOAT;
  }

  /** The type of the values in column {@code index}; null (NULL type) when every value is NULL. */
  static DataType fromValues(List<Object[]> rows, int index) {
    boolean string = false;
    boolean approximate = false;
    boolean decimal = false;
    boolean integer = false;
    boolean bool = false;
    boolean dateTime = false;
    boolean date = false;
    int maxLength = 1;
    int intDigits = 1;
    int scale = 0;
    for (Object[] row : rows) {
      Object v = row[index];
      if (v instanceof String s) {
        string = true;
        maxLength = Math.max(maxLength, s.codePointCount(0, s.length()));
      } else if (v instanceof Double) {
        approximate = true;
      } else if (v instanceof BigDecimal d) {
        decimal = true;
        scale = Math.max(scale, Math.max(0, d.scale()));
        intDigits = Math.max(intDigits, d.precision() - d.scale());
      } else if (v instanceof Long l) {
        integer = true;
        intDigits = Math.max(intDigits, Long.toString(Math.abs(l)).length());
      } else if (v instanceof Boolean) {
        bool = true;
      } else if (v instanceof LocalDateTime) {
        dateTime = true;
      } else if (v instanceof LocalDate) {
        date = true;
      }
    }
    if (string) {
      return DataType.varchar(Math.min(maxLength, DataType.MAX_VARCHAR_LENGTH));
    } else if (approximate) {
      return DataType.DOUBLE;
    } else if (decimal) {
      int s = Math.min(scale, DataType.MAX_DECIMAL_PRECISION);
      return DataType.decimal(
          Math.min(DataType.MAX_DECIMAL_PRECISION, Math.max(1, intDigits + s)), s);
    } else if (integer) {
      return DataType.BIGINT;
    } else if (bool) {
      return DataType.BOOLEAN;
    } else if (dateTime) {
      return DataType.DATETIME;
    } else if (date) {
      return DataType.DATE;
    }
    return null;
  }

  static DataType ofValue(Object v) {
    return fromValues(List.<Object[]>of(new Object[] {v}), 0);
  }
}
