package io.metafe.session;

import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.VarScope;
import java.util.List;
import java.util.Set;

/**
 * Finds what in a write depends on the session it runs in: user variables, session variables, and
 * functions such as CONNECTION_ID(). Only the statement text and the current database travel to the
 * master, so such a write would silently use the master's values; it is refused instead. Stateless.
 */
final class SessionBound {
  private static final Set<String> SESSION_FUNCTIONS =
      Set.of(
          "connection_id", "user", "current_user", "session_user", "system_user", "last_insert_id");

  private SessionBound() {}

  /** What the write uses from its session, for the error message, or null when it uses nothing. */
  static String find(Statement s) {
    if (s instanceof Statement.Insert insert) {
      for (List<Expr> row : insert.rows()) {
        for (Expr e : row) {
          String found = find(e);
          if (found != null) {
            return found;
          }
        }
      }
    } else if (s instanceof Statement.InsertSelect insert) {
      Statement.Select sel = insert.select();
      for (SelectItem item : sel.items()) {
        if (item instanceof SelectItem.Item i) {
          String found = find(i.expr());
          if (found != null) {
            return found;
          }
        }
      }
      return sel.whereOrNull() == null ? null : find(sel.whereOrNull());
    }
    return null;
  }

  private static String find(Expr e) {
    if (e instanceof Expr.VariableRef v) {
      return (v.scope() == VarScope.USER ? "@" : "@@") + v.name();
    } else if (e instanceof Expr.FunctionCall f) {
      if (SESSION_FUNCTIONS.contains(f.lowerName())) {
        return f.lowerName().toUpperCase(java.util.Locale.ROOT) + "()";
      }
      return first(f.args());
    } else if (e instanceof Expr.Unary u) {
      return find(u.operand());
    } else if (e instanceof Expr.Binary b) {
      String l = find(b.left());
      return l != null ? l : find(b.right());
    } else if (e instanceof Expr.IsNull n) {
      return find(n.operand());
    } else if (e instanceof Expr.IsBool n) {
      return find(n.operand());
    } else if (e instanceof Expr.InList in) {
      String o = find(in.operand());
      return o != null ? o : first(in.values());
    } else if (e instanceof Expr.Between b) {
      return first(List.of(b.operand(), b.low(), b.high()));
    } else if (e instanceof Expr.Like l) {
      return first(List.of(l.operand(), l.pattern()));
    } else if (e instanceof Expr.Cast c) {
      return find(c.operand());
    } else if (e instanceof Expr.Case c) {
      String found = c.operandOrNull() == null ? null : find(c.operandOrNull());
      for (Expr.When w : c.whens()) {
        found = found != null ? found : first(List.of(w.condition(), w.result()));
      }
      return found != null || c.elseOrNull() == null ? found : find(c.elseOrNull());
    }
    return null;
  }

  private static String first(List<Expr> exprs) {
    for (Expr e : exprs) {
      String found = find(e);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
