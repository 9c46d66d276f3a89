package io.metafe.sql.eval;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.OrderItem;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Uncorrelated subqueries: each is run once, before the statement that holds it, and replaced by its result (a
 * value, a list of values, or EXISTS' truth). A subquery that names a column of the outer query fails as its own
 * SELECT would, with "Unknown column". Stateless.
 */
public final class Subqueries {
  private Subqueries() {}

  /** The SELECT with every subquery in it replaced by its result, computed by {@code run}. */
  public static Statement.Select resolve(Statement.Select select, Function<Statement.Select, QueryResult> run) {
    if (!contains(select)) {
      return select;
    }
    Function<Expr, Expr> r = e -> e == null ? null : Exprs.rewrite(e, node -> replace(node, run));
    List<SelectItem> items = new ArrayList<>();
    for (SelectItem item : select.items()) {
      items.add(item instanceof SelectItem.Item i ? new SelectItem.Item(r.apply(i.expr()), i.aliasOrNull(),
          i.originalText()) : item);
    }
    return new Statement.Select(select.distinct(), items, select.fromOrNull(), select.fromAliasOrNull(),
        r.apply(select.whereOrNull()), select.groupBy().stream().map(r).toList(), r.apply(select.havingOrNull()),
        select.orderBy().stream().map(o -> new OrderItem(r.apply(o.expr()), o.descending())).toList(),
        select.limitOrNull(), select.offsetOrNull());
  }

  private static boolean contains(Statement.Select select) {
    List<Expr> all = new ArrayList<>();
    for (SelectItem item : select.items()) {
      if (item instanceof SelectItem.Item i) {
        all.add(i.expr());
      }
    }
    all.add(select.whereOrNull());
    all.addAll(select.groupBy());
    all.add(select.havingOrNull());
    select.orderBy().forEach(o -> all.add(o.expr()));
    boolean[] found = {false};
    for (Expr e : all) {
      if (e != null) {
        Exprs.walk(e, node -> found[0] |= node instanceof Expr.InSubquery || node instanceof Expr.Subquery);
      }
    }
    return found[0];
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
