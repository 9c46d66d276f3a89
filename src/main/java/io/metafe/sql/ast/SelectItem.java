package io.metafe.sql.ast;

/** One entry of a select list. */
public sealed interface SelectItem {

  /** {@code *} or {@code t.*}. */
  record Star(String tableOrNull) implements SelectItem {}

  /**
   * An expression.
   *
   * @param originalText the expression exactly as the user wrote it; MySQL names unaliased result
   *     columns by it
   */
  record Item(Expr expr, String aliasOrNull, String originalText) implements SelectItem {
    /** The result column name MySQL would show. */
    public String columnName() {
      if (aliasOrNull != null) {
        return aliasOrNull;
      }
      return expr instanceof Expr.ColumnRef ref ? ref.name() : originalText;
    }
  }
}
