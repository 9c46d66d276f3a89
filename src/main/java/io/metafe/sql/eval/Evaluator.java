package io.metafe.sql.eval;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.Expr.BinaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates {@link Expr} trees with MySQL semantics: three-valued logic, comparisons and predicates
 * yield {@code 1L}/{@code 0L}/NULL, strings compare case-insensitively, numbers per {@link
 * Arithmetic}.
 *
 * <p>Pure: results depend only on the expression, the bindings and the {@link SessionContext}.
 * Instances are immutable and thread-safe as long as the context is.
 */
public final class Evaluator {

  /** Supplies the values of names for one row (or one group). */
  public interface Bindings {
    /**
     * @throws SqlException 1054 when the column is unknown
     */
    Object column(Expr.ColumnRef ref);

    /** The value of an aggregate call; outside GROUP BY evaluation aggregates are not allowed. */
    default Object aggregate(Expr.FunctionCall call) {
      throw SqlException.of(SqlError.INVALID_GROUP_FUNC_USE);
    }
  }

  /**
   * Bindings for expressions that may not reference columns (INSERT VALUES, SET, SELECT without
   * FROM).
   */
  public static final Bindings NO_COLUMNS =
      ref -> {
        throw SqlException.of(SqlError.BAD_FIELD, qualified(ref), "field list");
      };

  private final SessionContext ctx;

  public Evaluator(SessionContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  /** Evaluates an expression that references no columns. */
  public Object evaluate(Expr expr) {
    return evaluate(expr, NO_COLUMNS);
  }

  public Object evaluate(Expr expr, Bindings bindings) {
    if (expr instanceof Expr.Literal lit) {
      return lit.value();
    } else if (expr instanceof Expr.ColumnRef ref) {
      return bindings.column(ref);
    } else if (expr instanceof Expr.VariableRef var) {
      return ctx.variable(var.scope(), var.name());
    } else if (expr instanceof Expr.Binary b) {
      return binary(b, bindings);
    } else if (expr instanceof Expr.Unary u) {
      Object v = evaluate(u.operand(), bindings);
      return switch (u.op()) {
        case MINUS -> Arithmetic.negate(v);
        case PLUS -> v;
        case NOT -> v == null ? null : Values.bool(!Values.truth(v));
        case BIT_NOT -> Arithmetic.bitNot(v);
      };
    } else if (expr instanceof Expr.IsNull n) {
      return Values.bool((evaluate(n.operand(), bindings) == null) != n.not());
    } else if (expr instanceof Expr.IsBool b) {
      Boolean truth = Values.truth(evaluate(b.operand(), bindings));
      return Values.bool(Boolean.valueOf(b.value()).equals(truth) != b.not());
    } else if (expr instanceof Expr.InList in) {
      return in(in, bindings);
    } else if (expr instanceof Expr.Between b) {
      Object v = evaluate(b.operand(), bindings);
      Boolean low = atLeast(v, evaluate(b.low(), bindings), true);
      Boolean high = atLeast(evaluate(b.high(), bindings), v, true);
      Long result = and(low, high);
      return b.not() ? not(result) : result;
    } else if (expr instanceof Expr.Like like) {
      Object v = evaluate(like.operand(), bindings);
      Object p = evaluate(like.pattern(), bindings);
      if (v == null || p == null) {
        return null;
      }
      boolean matches =
          LikePattern.compile(ValueFormat.toText(p, null)).matches(ValueFormat.toText(v, null));
      return Values.bool(matches != like.not());
    } else if (expr instanceof Expr.FunctionCall call) {
      if (Functions.isAggregate(call.lowerName())) {
        return bindings.aggregate(call);
      }
      if (call.star() || call.distinct()) {
        throw SqlException.syntax(
            call.lowerName() + "(" + (call.star() ? "*" : "DISTINCT") + ")",
            1,
            0,
            "only aggregate functions take * or DISTINCT");
      }
      List<Object> args = new ArrayList<>(call.args().size());
      for (Expr arg : call.args()) {
        args.add(evaluate(arg, bindings));
      }
      return Functions.call(call.lowerName(), args, ctx);
    } else if (expr instanceof Expr.Case c) {
      return caseExpr(c, bindings);
    } else if (expr instanceof Expr.Cast c) {
      return Casts.cast(evaluate(c.operand(), bindings), c.type());
    } else if (expr instanceof Expr.Parameter) {
      throw SqlException.of(
          SqlError.NOT_SUPPORTED_YET,
          "a ? parameter here (MetaFE binds parameters in SELECT," + " INSERT and SET)");
    } else if (expr instanceof Expr.InSubquery || expr instanceof Expr.Subquery) {
      throw SqlException.of(
          SqlError.NOT_SUPPORTED_YET,
          "a subquery in this statement (MetaFE runs subqueries"
              + " in SELECT and INSERT ... SELECT)");
    }
    throw new IllegalArgumentException("unknown expression " + expr);
  }

  private Object binary(Expr.Binary b, Bindings bindings) {
    BinaryOp op = b.op();
    if (op == BinaryOp.AND || op == BinaryOp.OR) {
      Boolean left = Values.truth(evaluate(b.left(), bindings));
      // Short-circuit only where the result is already decided, as SQL's three-valued logic allows.
      if (op == BinaryOp.AND && Boolean.FALSE.equals(left)) {
        return 0L;
      }
      if (op == BinaryOp.OR && Boolean.TRUE.equals(left)) {
        return 1L;
      }
      Boolean right = Values.truth(evaluate(b.right(), bindings));
      return op == BinaryOp.AND ? and(left, right) : or(left, right);
    }
    Object left = evaluate(b.left(), bindings);
    Object right = evaluate(b.right(), bindings);
    if (op == BinaryOp.XOR) {
      Boolean l = Values.truth(left);
      Boolean r = Values.truth(right);
      return l == null || r == null ? null : Values.bool(l ^ r);
    }
    if (op == BinaryOp.NULL_SAFE_EQ) {
      if (left == null || right == null) {
        return Values.bool(left == null && right == null);
      }
      return Values.bool(Values.compare(left, right) == 0);
    }
    if (op.isComparison()) {
      Integer c = Values.compare(left, right);
      if (c == null) {
        return null;
      }
      return Values.bool(
          switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
          });
    }
    return Arithmetic.apply(op, left, right);
  }

  private Object in(Expr.InList in, Bindings bindings) {
    Object v = evaluate(in.operand(), bindings);
    if (v == null) {
      return null;
    }
    boolean sawNull = false;
    for (Expr e : in.values()) {
      Integer c = Values.compare(v, evaluate(e, bindings));
      if (c == null) {
        sawNull = true;
      } else if (c == 0) {
        return Values.bool(!in.not());
      }
    }
    return sawNull ? null : Values.bool(in.not());
  }

  private Object caseExpr(Expr.Case c, Bindings bindings) {
    Object operand = c.operandOrNull() == null ? null : evaluate(c.operandOrNull(), bindings);
    for (Expr.When when : c.whens()) {
      Object condition = evaluate(when.condition(), bindings);
      boolean hit =
          c.operandOrNull() == null
              ? Boolean.TRUE.equals(Values.truth(condition))
              : Integer.valueOf(0).equals(Values.compare(operand, condition));
      if (hit) {
        return evaluate(when.result(), bindings);
      }
    }
    return c.elseOrNull() == null ? null : evaluate(c.elseOrNull(), bindings);
  }

  private static Boolean atLeast(Object a, Object b, boolean orEqual) {
    Integer c = Values.compare(a, b);
    return c == null ? null : orEqual ? c >= 0 : c > 0;
  }

  private static Long and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return 0L;
    }
    return a == null || b == null ? null : 1L;
  }

  private static Long or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return 1L;
    }
    return a == null || b == null ? null : 0L;
  }

  private static Long not(Long v) {
    return v == null ? null : 1L - v;
  }

  static String qualified(Expr.ColumnRef ref) {
    return ref.tableOrNull() == null ? ref.name() : ref.tableOrNull() + "." + ref.name();
  }
}
