package io.metafe.sql.eval;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Uncorrelated subqueries: each is run once, before the statement that holds it, and replaced by
 * its result (a value, a list of values, or EXISTS' truth). A subquery that names a column of the
 * outer query fails as its own SELECT would, with "Unknown column". Stateless.
 */
public final class Subqueries {
  private Subqueries() {}

  /** The SELECT with every subquery in it replaced by its result, computed by {@code run}. */
  public static Statement.Select resolve(
      Statement.Select select, Function<Statement.Select, QueryResult> run) {
    if (!Rewrites.any(
        select, node -> node instanceof Expr.InSubquery || node instanceof Expr.Subquery)) {
      return select;
    }
    return Rewrites.select(select, node -> replace(node, run));
  }

  private static Expr replace(Expr node, Function<Statement.Select, QueryResult> run) {
    if (node instanceof Expr.InSubquery in) {
      QueryResult result = run.apply(in.select());
      requireOneColumn(result);
      if (result.rows().isEmpty()) {
        // x IN (empty) is false even for a NULL x, and NOT IN (empty) true.
        return new Expr.Literal(in.not());
      }
      List<Expr> values = new ArrayList<>(result.rows().size());
      for (Object[] row : result.rows()) {
        values.add(new Expr.Literal(row[0]));
      }
      return new Expr.InList(Exprs.rewrite(in.operand(), n -> replace(n, run)), values, in.not());
    }
    if (node instanceof Expr.Subquery sub) {
      QueryResult result = run.apply(sub.select());
      if (sub.exists()) {
        return new Expr.Literal(!result.rows().isEmpty());
      }
      requireOneColumn(result);
      if (result.rows().size() > 1) {
        throw SqlException.of(SqlError.SUBQUERY_NO_1_ROW);
      }
      return new Expr.Literal(result.rows().isEmpty() ? null : result.rows().get(0)[0]);
    }
    return null;
  }

  private static void requireOneColumn(QueryResult result) {
    if (result.columns().size() != 1) {
      throw SqlException.of(SqlError.OPERAND_COLUMNS, 1);
    }
  }
}
