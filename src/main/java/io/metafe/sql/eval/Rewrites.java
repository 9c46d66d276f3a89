package io.metafe.sql.eval;

import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.OrderItem;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Rewrites of every expression of a SELECT, shared by subquery resolution and parameter binding.
 * Stateless.
 */
final class Rewrites {
  private Rewrites() {}

  /**
   * The SELECT with {@code replace} applied as {@link Exprs#rewrite} does, to each of its
   * expressions.
   */
  static Statement.Select select(Statement.Select select, Function<Expr, Expr> replace) {
    Function<Expr, Expr> r = e -> e == null ? null : Exprs.rewrite(e, replace);
    List<SelectItem> items = new ArrayList<>();
    for (SelectItem item : select.items()) {
      items.add(
          item instanceof SelectItem.Item i
              ? new SelectItem.Item(r.apply(i.expr()), i.aliasOrNull(), i.originalText())
              : item);
    }
    return new Statement.Select(
        select.distinct(),
        items,
        select.fromOrNull(),
        select.fromAliasOrNull(),
        r.apply(select.whereOrNull()),
        select.groupBy().stream().map(r).toList(),
        r.apply(select.havingOrNull()),
        select.orderBy().stream()
            .map(o -> new OrderItem(r.apply(o.expr()), o.descending()))
            .toList(),
        select.limitOrNull(),
        select.offsetOrNull());
  }

  /** Whether any node of any expression of the SELECT matches. */
  static boolean any(Statement.Select select, Predicate<Expr> test) {
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
        Exprs.walk(e, node -> found[0] |= test.test(node));
      }
    }
    return found[0];
  }
}
