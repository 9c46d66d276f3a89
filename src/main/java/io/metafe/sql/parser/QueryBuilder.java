package io.metafe.sql.parser;

import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.OrderItem;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.TableName;
import io.metafe.sql.parser.MetaSqlParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds SELECT and INSERT. */
final class QueryBuilder {
  private QueryBuilder() {}

  static Statement.Select select(QueryContext ctx) {
    List<SelectItem> items = new ArrayList<>();
    for (SelectItemContext item : ctx.selectItem()) {
      if (item instanceof AllColumnsContext) {
        items.add(new SelectItem.Star(null));
      } else if (item instanceof TableColumnsContext t) {
        items.add(new SelectItem.Star(Texts.identifier(t.identifier())));
      } else if (item instanceof ExpressionItemContext e) {
        String alias = null;
        if (e.alias() != null) {
          alias =
              e.alias().identifier() != null
                  ? Texts.identifier(e.alias().identifier())
                  : Texts.string(e.alias().string());
        }
        items.add(new SelectItem.Item(ExprBuilder.expr(e.expr()), alias, Texts.source(e.expr())));
      }
    }
    TableName from = null;
    String alias = null;
    RelationContext relation = ctx.relation();
    if (relation != null && relation.DUAL() == null) {
      from = DdlBuilder.tableName(relation.tableName());
      alias = relation.identifier() == null ? null : Texts.identifier(relation.identifier());
      if (from.databaseOrNull() == null && from.table().toLowerCase(Locale.ROOT).equals("dual")) {
        from = null;
      }
    }
    List<OrderItem> orderBy = new ArrayList<>();
    for (OrderItemContext o : ctx.orderItem()) {
      orderBy.add(new OrderItem(ExprBuilder.expr(o.expr()), o.DESC() != null));
    }
    Long limit = null;
    Long offset = null;
    LimitClauseContext l = ctx.limitClause();
    if (l != null) {
      if (l.second != null) {
        offset = number(l, l.first.getText());
        limit = number(l, l.second.getText());
      } else {
        limit = number(l, l.first.getText());
        offset = l.offset == null ? null : number(l, l.offset.getText());
      }
    }
    return new Statement.Select(
        ctx.DISTINCT() != null || ctx.DISTINCTROW() != null,
        items,
        from,
        alias,
        ctx.where == null ? null : ExprBuilder.expr(ctx.where),
        ExprBuilder.exprs(ctx.groupBy),
        ctx.having == null ? null : ExprBuilder.expr(ctx.having),
        orderBy,
        limit,
        offset);
  }

  static Statement insertValues(InsertValuesContext ctx) {
    List<List<Expr>> rows = new ArrayList<>();
    for (RowValuesContext row : ctx.rowValues()) {
      rows.add(ExprBuilder.exprs(row.expr()));
    }
    return new Statement.Insert(
        DdlBuilder.tableName(ctx.tableName()), columns(ctx.columnList()), rows);
  }

  static Statement insertSelect(InsertSelectContext ctx) {
    return new Statement.InsertSelect(
        DdlBuilder.tableName(ctx.tableName()), columns(ctx.columnList()), select(ctx.query()));
  }

  private static List<String> columns(ColumnListContext ctx) {
    return ctx == null ? List.of() : ctx.identifier().stream().map(Texts::identifier).toList();
  }

  private static long number(LimitClauseContext ctx, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw Texts.error(ctx, "LIMIT value " + text + " is too large");
    }
  }
}
