package io.metafe.sql.eval;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.SetItem;
import io.metafe.sql.ast.Statement;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Binds the values of a prepared statement's {@code ?} parameters: into the parsed statement, which
 * then runs like any other, and into its text, which is what travels to the master or into a
 * transaction. Stateless.
 */
public final class Parameters {
  private Parameters() {}

  /** Whether a statement of this kind may hold parameters: SELECT, INSERT and SET. */
  public static boolean supported(Statement s) {
    return s instanceof Statement.Select
        || s instanceof Statement.Insert
        || s instanceof Statement.InsertSelect
        || s instanceof Statement.SetStatement;
  }

  /**
   * The statement with each parameter replaced by its value.
   *
   * @param markers the parameters' offsets in order, as parsed
   * @param values one value per marker, of the classes listed on {@link
   *     io.metafe.records.DataType}, or null
   */
  public static Statement bind(Statement s, List<Integer> markers, List<?> values) {
    if (markers.isEmpty()) {
      return s;
    }
    Function<Expr, Expr> replace =
        new Function<>() {
          @Override
          public Expr apply(Expr node) {
            if (node instanceof Expr.Parameter p) {
              return new Expr.Literal(values.get(markers.indexOf(p.offset())));
            } else if (node instanceof Expr.Subquery q) {
              return new Expr.Subquery(Rewrites.select(q.select(), this), q.exists());
            } else if (node instanceof Expr.InSubquery in) {
              return new Expr.InSubquery(
                  Exprs.rewrite(in.operand(), this), Rewrites.select(in.select(), this), in.not());
            }
            return null;
          }
        };
    if (s instanceof Statement.Select select) {
      return Rewrites.select(select, replace);
    } else if (s instanceof Statement.Insert insert) {
      return new Statement.Insert(
          insert.table(),
          insert.columnsOrEmpty(),
          insert.rows().stream()
              .map(row -> row.stream().map(e -> Exprs.rewrite(e, replace)).toList())
              .toList());
    } else if (s instanceof Statement.InsertSelect insert) {
      return new Statement.InsertSelect(
          insert.table(), insert.columnsOrEmpty(), Rewrites.select(insert.select(), replace));
    } else if (s instanceof Statement.SetStatement set) {
      List<SetItem> items = new ArrayList<>();
      for (SetItem item : set.items()) {
        items.add(
            item instanceof SetItem.Variable v && v.valueOrNull() != null
                ? new SetItem.Variable(v.scope(), v.name(), Exprs.rewrite(v.valueOrNull(), replace))
                : item);
      }
      return new Statement.SetStatement(items);
    }
    throw SqlException.of(
        SqlError.NOT_SUPPORTED_YET,
        "? parameters in this kind of statement (MetaFE binds them"
            + " in SELECT, INSERT and SET)");
  }

  /**
   * The statement's text with each {@code ?} replaced by its value written as a parenthesised SQL
   * literal, which parses back to the same value and cannot run into the text beside it.
   *
   * @param markerChars where each {@code ?} is in {@code sql}, as Java string indexes
   */
  public static String render(String sql, List<Integer> markerChars, List<?> values) {
    StringBuilder out = new StringBuilder(sql.length() + 16 * markerChars.size());
    int from = 0;
    for (int i = 0; i < markerChars.size(); i++) {
      int at = markerChars.get(i);
      if (sql.charAt(at) != '?') {
        throw new IllegalStateException(
            "parameter " + (i + 1) + " is not at index " + at + " of " + sql);
      }
      out.append(sql, from, at).append('(');
      literal(out, values.get(i));
      out.append(')');
      from = at + 1;
    }
    return out.append(sql, from, sql.length()).toString();
  }

  private static void literal(StringBuilder out, Object v) {
    if (v == null) {
      out.append("NULL");
    } else if (v instanceof Long || v instanceof Integer || v instanceof BigDecimal) {
      out.append(v instanceof BigDecimal d ? d.toPlainString() : v.toString());
    } else if (v instanceof Double d) {
      // An exponent keeps it a double when parsed back, as the bound value was.
      out.append(
          d.isNaN() || d.isInfinite()
              ? "NULL"
              : Double.toString(d).contains("E") ? d.toString() : d + "E0");
    } else if (v instanceof Boolean b) {
      out.append(b ? "TRUE" : "FALSE");
    } else if (v instanceof LocalDate || v instanceof LocalDateTime) {
      // Typed literals, so that the text parses back to a date or datetime as the bound value is.
      out.append(v instanceof LocalDate ? "DATE '" : "TIMESTAMP '")
          .append(ValueFormat.toText(v, null))
          .append('\'');
    } else {
      String s = v.toString();
      out.append('\'');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '\'' -> out.append("\\'");
          case '\\' -> out.append("\\\\");
          case '\0' -> out.append("\\0");
          default -> out.append(c);
        }
      }
      out.append('\'');
    }
  }
}
