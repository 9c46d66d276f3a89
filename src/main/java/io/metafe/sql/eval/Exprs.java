package io.metafe.sql.eval;

import io.metafe.sql.ast.Expr;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Generic traversal of expression trees, so the query engine's checks need not know every record.
 */
final class Exprs {
  private Exprs() {}

  static List<Expr> children(Expr e) {
    if (e instanceof Expr.Unary u) {
      return List.of(u.operand());
    } else if (e instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    } else if (e instanceof Expr.IsNull n) {
      return List.of(n.operand());
    } else if (e instanceof Expr.IsBool b) {
      return List.of(b.operand());
    } else if (e instanceof Expr.InList in) {
      return concat(List.of(in.operand()), in.values());
    } else if (e instanceof Expr.Between b) {
      return List.of(b.operand(), b.low(), b.high());
    } else if (e instanceof Expr.Like l) {
      return List.of(l.operand(), l.pattern());
    } else if (e instanceof Expr.FunctionCall f) {
      return f.args();
    } else if (e instanceof Expr.Cast c) {
      return List.of(c.operand());
    } else if (e instanceof Expr.Case c) {
      java.util.ArrayList<Expr> out = new java.util.ArrayList<>();
      if (c.operandOrNull() != null) {
        out.add(c.operandOrNull());
      }
      for (Expr.When w : c.whens()) {
        out.add(w.condition());
        out.add(w.result());
      }
      if (c.elseOrNull() != null) {
        out.add(c.elseOrNull());
      }
      return out;
    }
    return List.of();
  }

  /** Pre-order visit of every node. */
  static void walk(Expr e, Consumer<Expr> visitor) {
    visitor.accept(e);
    for (Expr child : children(e)) {
      walk(child, visitor);
    }
  }

  /**
   * Replaces nodes for which {@code replace} returns non-null; other nodes are rebuilt from
   * rewritten children.
   */
  static Expr rewrite(Expr e, Function<Expr, Expr> replace) {
    Expr replaced = replace.apply(e);
    if (replaced != null) {
      return replaced;
    }
    Function<Expr, Expr> r = child -> rewrite(child, replace);
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), r.apply(u.operand()));
    } else if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), r.apply(b.left()), r.apply(b.right()));
    } else if (e instanceof Expr.IsNull n) {
      return new Expr.IsNull(r.apply(n.operand()), n.not());
    } else if (e instanceof Expr.IsBool b) {
      return new Expr.IsBool(r.apply(b.operand()), b.value(), b.not());
    } else if (e instanceof Expr.InList in) {
      return new Expr.InList(r.apply(in.operand()), in.values().stream().map(r).toList(), in.not());
    } else if (e instanceof Expr.Between b) {
      return new Expr.Between(r.apply(b.operand()), r.apply(b.low()), r.apply(b.high()), b.not());
    } else if (e instanceof Expr.Like l) {
      return new Expr.Like(r.apply(l.operand()), r.apply(l.pattern()), l.not());
    } else if (e instanceof Expr.FunctionCall f) {
      return new Expr.FunctionCall(
          f.lowerName(), f.args().stream().map(r).toList(), f.distinct(), f.star());
    } else if (e instanceof Expr.Cast c) {
      return new Expr.Cast(r.apply(c.operand()), c.type());
    } else if (e instanceof Expr.Case c) {
      return new Expr.Case(
          c.operandOrNull() == null ? null : r.apply(c.operandOrNull()),
          c.whens().stream()
              .map(w -> new Expr.When(r.apply(w.condition()), r.apply(w.result())))
              .toList(),
          c.elseOrNull() == null ? null : r.apply(c.elseOrNull()));
    }
    return e;
  }

  static boolean containsAggregate(Expr e) {
    boolean[] found = {false};
    walk(
        e,
        node ->
            found[0] |=
                node instanceof Expr.FunctionCall f && Functions.isAggregate(f.lowerName()));
    return found[0];
  }

  private static List<Expr> concat(List<Expr> a, List<Expr> b) {
    java.util.ArrayList<Expr> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
