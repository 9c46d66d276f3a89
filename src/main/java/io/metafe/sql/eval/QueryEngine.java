package io.metafe.sql.eval;

import io.metafe.records.Column;
import io.metafe.records.DataType;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.OrderItem;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement.Select;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Executes single-table SELECTs over an in-memory {@link RowSource}.
 *
 * <p>Semantics chosen where MySQL leaves room: ONLY_FULL_GROUP_BY is off, so a non-aggregated
 * column outside GROUP BY takes its value from the first row of the group; ORDER BY and HAVING see
 * select-list aliases (ORDER BY prefers an alias over a table column, and so does HAVING unless
 * GROUP BY names that column; GROUP BY prefers the table column); NULLs sort first ascending;
 * sorting is stable; aggregates follow {@link Aggregator}. Stateless and thread-safe.
 */
public final class QueryEngine {
  private static final DataType UNKNOWN_EMPTY_TYPE = DataType.varchar(255);

  /** One select-list column after {@code *} expansion. */
  private record Output(Expr expr, String name, String aliasOrNull) {}

  /** An ORDER BY key: either a select-list position or an expression. */
  private record OrderKey(int outputIndex, Expr expr, boolean descending) {}

  /** A produced row with its sort keys. */
  private record Pending(Object[] values, Object[] sortKeys) {}

  /**
   * @param sourceOrNull the table named by {@code select.fromOrNull()}; ignored (may be null)
   *     without FROM
   * @throws SqlException 1054 unknown column, 1111 misplaced aggregate, 1096 {@code *} without
   *     table, and any evaluation error
   */
  public QueryResult select(Select select, RowSource sourceOrNull, SessionContext ctx) {
    Objects.requireNonNull(select, "select");
    Evaluator evaluator = new Evaluator(ctx);
    TableScope scope = TableScope.NONE;
    if (select.fromOrNull() != null) {
      scope =
          new TableScope(
              Objects.requireNonNull(sourceOrNull, "a SELECT with FROM needs a RowSource"),
              select.fromAliasOrNull());
    }
    List<Output> outputs = expand(select.items(), scope);
    Map<String, Integer> aliases = new HashMap<>();
    for (int i = outputs.size() - 1; i >= 0; i--) {
      if (outputs.get(i).aliasOrNull() != null) {
        aliases.put(outputs.get(i).aliasOrNull().toLowerCase(Locale.ROOT), i);
      }
    }
    for (Output o : outputs) {
      check(o.expr(), scope, "field list", true);
    }
    if (select.whereOrNull() != null) {
      check(select.whereOrNull(), scope, "where clause", false);
    }
    List<Expr> groupBy = new ArrayList<>();
    for (Expr g : select.groupBy()) {
      Expr resolved = groupExpr(g, outputs, aliases, scope);
      check(resolved, scope, "group statement", false);
      groupBy.add(resolved);
    }
    Expr having =
        select.havingOrNull() == null
            ? null
            : havingAliases(select.havingOrNull(), outputs, aliases, select.groupBy());
    if (having != null) {
      check(having, scope, "having clause", true);
    }
    List<OrderKey> order = new ArrayList<>();
    for (OrderItem item : select.orderBy()) {
      OrderKey key = orderKey(item, outputs, aliases, scope);
      if (key.expr() != null) {
        check(key.expr(), scope, "order clause", true);
      }
      order.add(key);
    }

    Map<Expr.FunctionCall, Integer> aggregates = new LinkedHashMap<>();
    outputs.forEach(o -> collectAggregates(o.expr(), aggregates));
    if (having != null) {
      collectAggregates(having, aggregates);
    }
    order.stream()
        .filter(k -> k.expr() != null)
        .forEach(k -> collectAggregates(k.expr(), aggregates));
    boolean grouped = !groupBy.isEmpty() || !aggregates.isEmpty();

    Iterable<Object[]> rows =
        scope.hasTable() ? scope.source().rows() : List.<Object[]>of(new Object[0]);
    List<Pending> produced =
        grouped
            ? grouped(select, rows, scope, evaluator, outputs, groupBy, having, order, aggregates)
            : plain(select, rows, scope, evaluator, outputs, having, order);

    if (select.distinct()) {
      Set<List<Object>> seen = new HashSet<>();
      produced.removeIf(p -> !seen.add(keyOf(p.values())));
    }
    if (!order.isEmpty()) {
      produced.sort(
          (a, b) -> {
            for (int i = 0; i < order.size(); i++) {
              int c = Values.sortCompare(a.sortKeys()[i], b.sortKeys()[i]);
              if (c != 0) {
                return order.get(i).descending() ? -c : c;
              }
            }
            return 0;
          });
    }
    long offset = select.offsetOrNull() == null ? 0 : select.offsetOrNull();
    long limit = select.limitOrNull() == null ? Long.MAX_VALUE : select.limitOrNull();
    List<Object[]> result = new ArrayList<>();
    for (long i = offset; i < produced.size() && result.size() < limit; i++) {
      result.add(produced.get((int) i).values());
    }
    return new QueryResult(columns(outputs, scope, result), result);
  }

  private static List<Output> expand(List<SelectItem> items, TableScope scope) {
    List<Output> outputs = new ArrayList<>();
    for (SelectItem item : items) {
      if (item instanceof SelectItem.Star star) {
        if (!scope.hasTable()) {
          throw SqlException.of(SqlError.NO_TABLES_USED);
        }
        if (star.tableOrNull() != null && !scope.matchesQualifier(star.tableOrNull())) {
          throw SqlException.of(SqlError.BAD_TABLE, star.tableOrNull());
        }
        for (Column c : scope.columns()) {
          outputs.add(new Output(new Expr.ColumnRef(null, c.name()), c.name(), null));
        }
      } else if (item instanceof SelectItem.Item e) {
        outputs.add(new Output(e.expr(), e.columnName(), e.aliasOrNull()));
      }
    }
    return outputs;
  }

  /** Validates column references (so errors do not depend on the data) and aggregate placement. */
  private static void check(Expr expr, TableScope scope, String clause, boolean aggregatesAllowed) {
    Exprs.walk(
        expr,
        node -> {
          if (node instanceof Expr.ColumnRef ref) {
            scope.resolve(ref, clause);
          } else if (node instanceof Expr.FunctionCall f && Functions.isAggregate(f.lowerName())) {
            if (!aggregatesAllowed || f.args().stream().anyMatch(Exprs::containsAggregate)) {
              throw SqlException.of(SqlError.INVALID_GROUP_FUNC_USE);
            }
            if (f.star() && !f.lowerName().equals("count")) {
              throw SqlException.syntax(f.lowerName() + "(*)", 1, 0, "only COUNT takes *");
            }
            if (!f.star()
                && (f.args().isEmpty()
                    || (f.args().size() > 1 && !f.lowerName().equals("count")))) {
              throw SqlException.of(SqlError.WRONG_PARAM_COUNT, f.lowerName());
            }
          }
        });
  }

  private static Expr groupExpr(
      Expr g, List<Output> outputs, Map<String, Integer> aliases, TableScope scope) {
    if (g instanceof Expr.Literal lit && lit.value() instanceof Long n) {
      if (n < 1 || n > outputs.size()) {
        throw SqlException.of(SqlError.BAD_FIELD, n.toString(), "group statement");
      }
      Expr target = outputs.get((int) (n - 1)).expr();
      if (Exprs.containsAggregate(target)) {
        throw SqlException.of(
            SqlError.UNKNOWN, "Can't group on '" + outputs.get((int) (n - 1)).name() + "'");
      }
      return target;
    }
    return substituteAliases(g, outputs, aliases, scope);
  }

  /**
   * HAVING sees select-list aliases first, as in MySQL, except for a name that GROUP BY also uses
   * as a column: that one is the column (MySQL's preference for standard SQL there).
   */
  private static Expr havingAliases(
      Expr e, List<Output> outputs, Map<String, Integer> aliases, List<Expr> groupBy) {
    return Exprs.rewrite(
        e,
        node -> {
          if (node instanceof Expr.ColumnRef ref && ref.tableOrNull() == null) {
            boolean grouped =
                groupBy.stream()
                    .anyMatch(
                        g ->
                            g instanceof Expr.ColumnRef c && c.name().equalsIgnoreCase(ref.name()));
            Integer i = aliases.get(ref.name().toLowerCase(Locale.ROOT));
            return i == null || grouped ? null : outputs.get(i).expr();
          }
          return null;
        });
  }

  /**
   * Replaces unqualified names that are select aliases but not table columns by the aliased
   * expression.
   */
  private static Expr substituteAliases(
      Expr e, List<Output> outputs, Map<String, Integer> aliases, TableScope scope) {
    return Exprs.rewrite(
        e,
        node -> {
          if (node instanceof Expr.ColumnRef ref
              && ref.tableOrNull() == null
              && scope.find(ref) < 0) {
            Integer i = aliases.get(ref.name().toLowerCase(Locale.ROOT));
            return i == null ? null : outputs.get(i).expr();
          }
          return null;
        });
  }

  private static OrderKey orderKey(
      OrderItem item, List<Output> outputs, Map<String, Integer> aliases, TableScope scope) {
    Expr e = item.expr();
    if (e instanceof Expr.Literal lit && lit.value() instanceof Long n) {
      if (n < 1 || n > outputs.size()) {
        throw SqlException.of(SqlError.BAD_FIELD, n.toString(), "order clause");
      }
      return new OrderKey((int) (n - 1), null, item.descending());
    }
    if (e instanceof Expr.ColumnRef ref && ref.tableOrNull() == null) {
      Integer i = aliases.get(ref.name().toLowerCase(Locale.ROOT));
      if (i != null) {
        return new OrderKey(i, null, item.descending());
      }
    }
    return new OrderKey(-1, substituteAliases(e, outputs, aliases, scope), item.descending());
  }

  private static void collectAggregates(Expr e, Map<Expr.FunctionCall, Integer> into) {
    Exprs.walk(
        e,
        node -> {
          if (node instanceof Expr.FunctionCall f && Functions.isAggregate(f.lowerName())) {
            into.putIfAbsent(f, into.size());
          }
        });
  }

  /** Without grouping, MySQL applies HAVING like a late WHERE that may also see aliases. */
  private static List<Pending> plain(
      Select select,
      Iterable<Object[]> rows,
      TableScope scope,
      Evaluator evaluator,
      List<Output> outputs,
      Expr having,
      List<OrderKey> order) {
    List<Pending> produced = new ArrayList<>();
    for (Object[] row : rows) {
      Evaluator.Bindings bindings = rowBindings(row, scope);
      if (!passes(select.whereOrNull(), evaluator, bindings)
          || !passes(having, evaluator, bindings)) {
        continue;
      }
      produced.add(produce(outputs, order, evaluator, bindings));
    }
    return produced;
  }

  private static List<Pending> grouped(
      Select select,
      Iterable<Object[]> rows,
      TableScope scope,
      Evaluator evaluator,
      List<Output> outputs,
      List<Expr> groupBy,
      Expr having,
      List<OrderKey> order,
      Map<Expr.FunctionCall, Integer> aggregates) {
    List<Expr.FunctionCall> calls = new ArrayList<>(aggregates.keySet());
    Map<List<Object>, Object[]> firstRows = new LinkedHashMap<>();
    Map<List<Object>, Aggregator[]> states = new HashMap<>();
    for (Object[] row : rows) {
      Evaluator.Bindings bindings = rowBindings(row, scope);
      if (!passes(select.whereOrNull(), evaluator, bindings)) {
        continue;
      }
      List<Object> key = new ArrayList<>(groupBy.size());
      for (Expr g : groupBy) {
        key.add(Values.groupKey(evaluator.evaluate(g, bindings)));
      }
      firstRows.putIfAbsent(key, row);
      Aggregator[] state = states.computeIfAbsent(key, k -> newState(calls));
      for (int i = 0; i < calls.size(); i++) {
        Expr.FunctionCall call = calls.get(i);
        List<Object> args = new ArrayList<>(call.args().size());
        for (Expr arg : call.args()) {
          args.add(evaluator.evaluate(arg, bindings));
        }
        state[i].add(args);
      }
    }
    if (firstRows.isEmpty() && groupBy.isEmpty()) {
      // An aggregate query without GROUP BY always has one group, even over no rows.
      firstRows.put(List.of(), null);
      states.put(List.of(), newState(calls));
    }
    List<Pending> produced = new ArrayList<>();
    for (Map.Entry<List<Object>, Object[]> group : firstRows.entrySet()) {
      Aggregator[] state = states.get(group.getKey());
      Evaluator.Bindings rowBindings = rowBindings(group.getValue(), scope);
      Evaluator.Bindings bindings =
          new Evaluator.Bindings() {
            @Override
            public Object column(Expr.ColumnRef ref) {
              return rowBindings.column(ref);
            }

            @Override
            public Object aggregate(Expr.FunctionCall call) {
              Integer i = aggregates.get(call);
              if (i == null) {
                throw SqlException.of(SqlError.INVALID_GROUP_FUNC_USE);
              }
              return state[i].result();
            }
          };
      if (passes(having, evaluator, bindings)) {
        produced.add(produce(outputs, order, evaluator, bindings));
      }
    }
    return produced;
  }

  private static Aggregator[] newState(List<Expr.FunctionCall> calls) {
    Aggregator[] state = new Aggregator[calls.size()];
    for (int i = 0; i < state.length; i++) {
      state[i] = new Aggregator(calls.get(i));
    }
    return state;
  }

  private static Pending produce(
      List<Output> outputs,
      List<OrderKey> order,
      Evaluator evaluator,
      Evaluator.Bindings bindings) {
    Object[] values = new Object[outputs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = evaluator.evaluate(outputs.get(i).expr(), bindings);
    }
    Object[] keys = new Object[order.size()];
    for (int i = 0; i < keys.length; i++) {
      OrderKey k = order.get(i);
      keys[i] =
          k.outputIndex() >= 0 ? values[k.outputIndex()] : evaluator.evaluate(k.expr(), bindings);
    }
    return new Pending(values, keys);
  }

  /** Column values of one row; a null row (empty aggregate group) reads as all NULL. */
  private static Evaluator.Bindings rowBindings(Object[] row, TableScope scope) {
    return ref -> {
      int i = scope.resolve(ref, "field list");
      return row == null ? null : row[i];
    };
  }

  private static boolean passes(Expr condition, Evaluator evaluator, Evaluator.Bindings bindings) {
    return condition == null
        || Boolean.TRUE.equals(Values.truth(evaluator.evaluate(condition, bindings)));
  }

  private static List<Object> keyOf(Object[] values) {
    List<Object> key = new ArrayList<>(values.length);
    for (Object v : values) {
      key.add(Values.groupKey(v));
    }
    return key;
  }

  private static List<ResultColumn> columns(
      List<Output> outputs, TableScope scope, List<Object[]> rows) {
    List<ResultColumn> columns = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      Output o = outputs.get(i);
      TypeInference.Typed typed = TypeInference.infer(o.expr(), scope);
      DataType type;
      if (typed != null) {
        type = typed.typeOrNull();
      } else {
        type = rows.isEmpty() ? UNKNOWN_EMPTY_TYPE : TypeInference.fromValues(rows, i);
        normalize(rows, i, type);
      }
      String table = "";
      String database = "";
      boolean nullable = true;
      if (o.expr() instanceof Expr.ColumnRef ref) {
        Column c = scope.columns().get(scope.find(ref));
        table = scope.source().table();
        database = scope.source().database();
        nullable = c.nullable();
      } else if (o.expr() instanceof Expr.Literal lit) {
        nullable = lit.value() == null;
      } else if (o.expr() instanceof Expr.FunctionCall f && f.lowerName().equals("count")) {
        nullable = false;
      }
      columns.add(new ResultColumn(o.name(), type, table, database, nullable));
    }
    return columns;
  }

  /**
   * Gives every value of a value-typed column the class of the chosen type (e.g. Long in a DECIMAL
   * column).
   */
  private static void normalize(List<Object[]> rows, int index, DataType type) {
    if (type == null) {
      return;
    }
    for (Object[] row : rows) {
      row[index] = Casts.cast(row[index], type);
    }
  }
}
