package io.metafe.sql.parser;

import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.Expr.Binary;
import io.metafe.sql.ast.Expr.BinaryOp;
import io.metafe.sql.ast.Expr.Literal;
import io.metafe.sql.ast.Expr.UnaryOp;
import io.metafe.sql.ast.VarScope;
import io.metafe.sql.eval.Temporals;
import io.metafe.sql.parser.MetaSqlParser.*;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns expression parse trees into {@link Expr} records. */
final class ExprBuilder {
  private static final BigDecimal LONG_MIN_MAGNITUDE = BigDecimal.valueOf(Long.MIN_VALUE).negate();

  private ExprBuilder() {}

  static Expr expr(ExprContext ctx) {
    if (ctx instanceof NotExprContext c) {
      return new Expr.Unary(UnaryOp.NOT, expr(c.expr()));
    } else if (ctx instanceof AndExprContext c) {
      return new Binary(BinaryOp.AND, expr(c.expr(0)), expr(c.expr(1)));
    } else if (ctx instanceof XorExprContext c) {
      return new Binary(BinaryOp.XOR, expr(c.expr(0)), expr(c.expr(1)));
    } else if (ctx instanceof OrExprContext c) {
      return new Binary(BinaryOp.OR, expr(c.expr(0)), expr(c.expr(1)));
    } else if (ctx instanceof PredicateExprContext c) {
      return predicate(c.predicate());
    }
    throw new IllegalStateException("unhandled " + ctx.getClass().getSimpleName());
  }

  static List<Expr> exprs(List<ExprContext> contexts) {
    List<Expr> out = new ArrayList<>(contexts.size());
    for (ExprContext c : contexts) {
      out.add(expr(c));
    }
    return out;
  }

  private static Expr predicate(PredicateContext ctx) {
    if (ctx instanceof ValuePredicateContext c) {
      return value(c.valueExpr());
    } else if (ctx instanceof ComparisonContext c) {
      return new Binary(
          comparison(c.comparisonOperator()), predicate(c.predicate()), value(c.valueExpr()));
    } else if (ctx instanceof IsPredicateContext c) {
      Expr operand = predicate(c.predicate());
      boolean not = c.NOT() != null;
      return c.NULL_() != null
          ? new Expr.IsNull(operand, not)
          : new Expr.IsBool(operand, c.TRUE() != null, not);
    } else if (ctx instanceof BetweenContext c) {
      return new Expr.Between(
          predicate(c.predicate()), value(c.valueExpr(0)), value(c.valueExpr(1)), c.NOT() != null);
    } else if (ctx instanceof InSubqueryContext c) {
      return new Expr.InSubquery(
          predicate(c.predicate()), QueryBuilder.select(c.query()), c.NOT() != null);
    } else if (ctx instanceof InListContext c) {
      return new Expr.InList(predicate(c.predicate()), exprs(c.expr()), c.NOT() != null);
    } else if (ctx instanceof LikeContext c) {
      return new Expr.Like(predicate(c.predicate()), value(c.valueExpr()), c.NOT() != null);
    }
    throw new IllegalStateException("unhandled " + ctx.getClass().getSimpleName());
  }

  private static BinaryOp comparison(ComparisonOperatorContext ctx) {
    if (ctx.EQ() != null) {
      return BinaryOp.EQ;
    } else if (ctx.NULL_SAFE_EQ() != null) {
      return BinaryOp.NULL_SAFE_EQ;
    } else if (ctx.NEQ() != null) {
      return BinaryOp.NE;
    } else if (ctx.LT() != null) {
      return BinaryOp.LT;
    } else if (ctx.LTE() != null) {
      return BinaryOp.LE;
    } else if (ctx.GT() != null) {
      return BinaryOp.GT;
    }
    return BinaryOp.GE;
  }

  private static Expr value(ValueExprContext ctx) {
    if (ctx instanceof PrimaryValueContext c) {
      return primary(c.primary());
    } else if (ctx instanceof UnaryContext c) {
      Expr operand = value(c.valueExpr());
      return switch (c.op.getType()) {
        case MetaSqlLexer.MINUS -> negate(operand);
        case MetaSqlLexer.PLUS -> new Expr.Unary(UnaryOp.PLUS, operand);
        case MetaSqlLexer.TILDE -> new Expr.Unary(UnaryOp.BIT_NOT, operand);
        default -> new Expr.Unary(UnaryOp.NOT, operand);
      };
    } else if (ctx instanceof MultiplicativeContext c) {
      BinaryOp op =
          switch (c.op.getType()) {
            case MetaSqlLexer.STAR -> BinaryOp.MULTIPLY;
            case MetaSqlLexer.SLASH -> BinaryOp.DIVIDE;
            case MetaSqlLexer.DIV -> BinaryOp.INT_DIVIDE;
            default -> BinaryOp.MOD;
          };
      return new Binary(op, value(c.valueExpr(0)), value(c.valueExpr(1)));
    } else if (ctx instanceof AdditiveContext c) {
      BinaryOp op = c.op.getType() == MetaSqlLexer.PLUS ? BinaryOp.ADD : BinaryOp.SUBTRACT;
      return new Binary(op, value(c.valueExpr(0)), value(c.valueExpr(1)));
    }
    throw new IllegalStateException("unhandled " + ctx.getClass().getSimpleName());
  }

  /**
   * Folds {@code -literal} so that -9223372036854775808 is a Long and DEFAULT -1 stays a literal.
   */
  static Expr negate(Expr operand) {
    if (operand instanceof Literal lit) {
      if (lit.value() instanceof Long l && l != Long.MIN_VALUE) {
        return new Literal(-l);
      } else if (lit.value() instanceof BigDecimal d) {
        return new Literal(
            (d.scale() == 0 && d.compareTo(LONG_MIN_MAGNITUDE) == 0)
                ? (Object) Long.MIN_VALUE
                : d.negate());
      } else if (lit.value() instanceof Double d) {
        return new Literal(-d);
      }
    }
    return new Expr.Unary(UnaryOp.MINUS, operand);
  }

  private static Expr primary(PrimaryContext ctx) {
    if (ctx instanceof LiteralPrimaryContext c) {
      return literal(c.literal());
    } else if (ctx instanceof ParameterMarkerContext c) {
      return new Expr.Parameter(c.QUESTION().getSymbol().getStartIndex());
    } else if (ctx instanceof ColumnReferenceContext c) {
      if (c.identifier().size() == 2) {
        return new Expr.ColumnRef(
            Texts.identifier(c.identifier(0)), Texts.identifier(c.identifier(1)));
      }
      return new Expr.ColumnRef(null, Texts.identifier(c.identifier(0)));
    } else if (ctx instanceof SystemVariableContext c) {
      return systemVariable(c.getText());
    } else if (ctx instanceof UserVariableContext c) {
      return new Expr.VariableRef(VarScope.USER, userVariableName(c.getText()));
    } else if (ctx instanceof FunctionCallContext c) {
      String name = c.functionName().getText().toLowerCase(Locale.ROOT);
      if (c.functionName().identifier() != null) {
        name = Texts.identifier(c.functionName().identifier()).toLowerCase(Locale.ROOT);
      }
      return new Expr.FunctionCall(name, exprs(c.expr()), c.DISTINCT() != null, c.STAR() != null);
    } else if (ctx instanceof NiladicFunctionContext c) {
      return new Expr.FunctionCall(
          c.name.getText().toLowerCase(Locale.ROOT), List.of(), false, false);
    } else if (ctx instanceof ScalarSubqueryContext c) {
      return new Expr.Subquery(QueryBuilder.select(c.query()), false);
    } else if (ctx instanceof ExistsContext c) {
      return new Expr.Subquery(QueryBuilder.select(c.query()), true);
    } else if (ctx instanceof ParenthesizedContext c) {
      return expr(c.expr());
    } else if (ctx instanceof CastContext c) {
      return new Expr.Cast(expr(c.expr()), TypeBuilder.castType(c.castType()));
    } else if (ctx instanceof ConvertContext c) {
      return new Expr.Cast(expr(c.expr()), TypeBuilder.castType(c.castType()));
    } else if (ctx instanceof ConvertUsingContext c) {
      // Text is UTF-8 throughout MetaFE, so converting between character sets changes nothing.
      return expr(c.expr());
    } else if (ctx instanceof CaseContext c) {
      List<Expr.When> whens = new ArrayList<>();
      for (WhenClauseContext w : c.whenClause()) {
        whens.add(new Expr.When(expr(w.condition), expr(w.result)));
      }
      return new Expr.Case(
          c.operand == null ? null : expr(c.operand),
          whens,
          c.elseValue == null ? null : expr(c.elseValue));
    }
    throw new IllegalStateException("unhandled " + ctx.getClass().getSimpleName());
  }

  static Literal literal(LiteralContext ctx) {
    if (ctx instanceof NullLiteralContext) {
      return new Literal(null);
    } else if (ctx instanceof TrueLiteralContext) {
      return new Literal(true);
    } else if (ctx instanceof FalseLiteralContext) {
      return new Literal(false);
    } else if (ctx instanceof IntegerLiteralContext) {
      String text = ctx.getText();
      try {
        return new Literal(Long.parseLong(text));
      } catch (NumberFormatException e) {
        return new Literal(new BigDecimal(text));
      }
    } else if (ctx instanceof DecimalLiteralContext) {
      return new Literal(new BigDecimal(ctx.getText()));
    } else if (ctx instanceof DoubleLiteralContext) {
      return new Literal(Double.parseDouble(ctx.getText()));
    } else if (ctx instanceof StringLiteralContext c) {
      StringBuilder joined = new StringBuilder();
      for (StringContext s : c.string()) {
        joined.append(Texts.string(s));
      }
      return new Literal(joined.toString());
    } else if (ctx instanceof DateLiteralContext c) {
      String text = Texts.string(c.string());
      var date = Temporals.parseDate(text);
      if (date == null) {
        throw Texts.error(ctx, "incorrect DATE value '" + text + "'");
      }
      return new Literal(date);
    } else if (ctx instanceof TimestampLiteralContext c) {
      String text = Texts.string(c.string());
      var dateTime = Temporals.parseDateTime(text);
      if (dateTime == null) {
        throw Texts.error(ctx, "incorrect TIMESTAMP value '" + text + "'");
      }
      return new Literal(dateTime);
    }
    throw new IllegalStateException("unhandled " + ctx.getClass().getSimpleName());
  }

  /** {@code @@x}, {@code @@session.x}, {@code @@global.x}, {@code @@local.x}. */
  static Expr.VariableRef systemVariable(String token) {
    String body = token.substring(2);
    int dot = body.indexOf('.');
    if (dot > 0) {
      String prefix = body.substring(0, dot).toLowerCase(Locale.ROOT);
      String name = body.substring(dot + 1);
      switch (prefix) {
        case "global" -> {
          return new Expr.VariableRef(VarScope.GLOBAL, name);
        }
        case "session", "local" -> {
          return new Expr.VariableRef(VarScope.SESSION, name);
        }
        default -> {
          // Structured names such as @@default.key_buffer_size are not scopes; keep the whole name.
        }
      }
    }
    return new Expr.VariableRef(VarScope.DEFAULT, body);
  }

  static String userVariableName(String token) {
    String body = token.substring(1);
    if (body.startsWith("`")) {
      return body.substring(1, body.length() - 1).replace("``", "`");
    }
    if (body.startsWith("'") || body.startsWith("\"")) {
      return Texts.unquote(body);
    }
    return body;
  }
}
