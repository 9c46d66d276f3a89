package io.metafe.sql.ast;

import io.metafe.records.DataType;
import java.util.List;

/**
 * A scalar expression. Values inside {@link Literal} use the classes listed on {@link DataType}
 * (integers {@code Long}, decimals {@code BigDecimal}, approximate numbers {@code Double}, ...).
 */
public sealed interface Expr {

  /**
   * A constant. Integer literals are Long (BigDecimal when they do not fit), literals with a point
   * BigDecimal, with an exponent Double, strings String, TRUE/FALSE Boolean, NULL null, {@code DATE
   * '...'} LocalDate and {@code TIMESTAMP '...'} LocalDateTime.
   */
  record Literal(Object value) implements Expr {}

  /**
   * A {@code ?} of a prepared statement, by its character offset in the statement text; bound
   * before running.
   */
  record Parameter(int offset) implements Expr {}

  record ColumnRef(String tableOrNull, String name) implements Expr {}

  record VariableRef(VarScope scope, String name) implements Expr {}

  /** Unary operators. */
  enum UnaryOp {
    MINUS,
    PLUS,
    NOT,
    BIT_NOT
  }

  record Unary(UnaryOp op, Expr operand) implements Expr {}

  /**
   * Binary operators; {@code !} and {@code NOT} share NOT, {@code &&} is AND, {@code ||} is OR (no
   * PIPES_AS_CONCAT).
   */
  enum BinaryOp {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/"),
    INT_DIVIDE("DIV"),
    MOD("%"),
    EQ("="),
    NULL_SAFE_EQ("<=>"),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    AND("AND"),
    OR("OR"),
    XOR("XOR");

    private final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean isComparison() {
      return switch (this) {
        case EQ, NULL_SAFE_EQ, NE, LT, LE, GT, GE -> true;
        default -> false;
      };
    }

    public boolean isLogical() {
      return this == AND || this == OR || this == XOR;
    }
  }

  record Binary(BinaryOp op, Expr left, Expr right) implements Expr {}

  record IsNull(Expr operand, boolean not) implements Expr {}

  /** {@code x IS [NOT] TRUE|FALSE}. */
  record IsBool(Expr operand, boolean value, boolean not) implements Expr {}

  record InList(Expr operand, List<Expr> values, boolean not) implements Expr {
    public InList {
      values = List.copyOf(values);
    }
  }

  /**
   * {@code x [NOT] IN (SELECT ...)}. Only uncorrelated subqueries: the session runs the SELECT
   * first and turns the node into an {@link InList} of its values.
   */
  record InSubquery(Expr operand, Statement.Select select, boolean not) implements Expr {}

  /**
   * {@code (SELECT ...)} as a value, or {@code EXISTS (SELECT ...)}; resolved to a literal before
   * evaluation.
   */
  record Subquery(Statement.Select select, boolean exists) implements Expr {}

  record Between(Expr operand, Expr low, Expr high, boolean not) implements Expr {}

  record Like(Expr operand, Expr pattern, boolean not) implements Expr {}

  /**
   * A function or aggregate call.
   *
   * @param lowerName the function name in lower case
   * @param star true for {@code count(*)}; args is then empty
   */
  record FunctionCall(String lowerName, List<Expr> args, boolean distinct, boolean star)
      implements Expr {
    public FunctionCall {
      args = List.copyOf(args);
    }
  }

  /**
   * {@code CASE [operand] WHEN .. THEN .. [ELSE ..] END}; operandOrNull null for the searched form.
   */
  record Case(Expr operandOrNull, List<When> whens, Expr elseOrNull) implements Expr {
    public Case {
      whens = List.copyOf(whens);
    }
  }

  /** One WHEN branch of {@link Case}. */
  record When(Expr condition, Expr result) {}

  /**
   * CAST(x AS t). SIGNED and UNSIGNED become BIGINT, CHAR without length a VARCHAR of the maximum
   * length.
   */
  record Cast(Expr operand, DataType type) implements Expr {}
}
