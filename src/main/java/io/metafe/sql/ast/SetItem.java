package io.metafe.sql.ast;

/** One assignment of a SET statement. */
public sealed interface SetItem {

  /**
   * {@code SET [GLOBAL|SESSION] x = v}, {@code SET @@global.x = v}, {@code SET @u = v}. Unqualified
   * and {@code @@x} assignments have scope SESSION (as in MySQL); LOCAL is SESSION.
   *
   * @param valueOrNull null means {@code DEFAULT}; a bare word such as {@code ON} arrives as a
   *     string literal
   */
  record Variable(VarScope scope, String name, Expr valueOrNull) implements SetItem {}

  /** {@code SET NAMES cs [COLLATE c]}; charsetOrNull is null for {@code SET NAMES DEFAULT}. */
  record Names(String charsetOrNull, String collationOrNull) implements SetItem {}

  /** {@code SET CHARACTER SET cs}; null for DEFAULT. */
  record CharacterSet(String charsetOrNull) implements SetItem {}

  /**
   * {@code SET [GLOBAL|SESSION] TRANSACTION ...}.
   *
   * @param scope GLOBAL, SESSION, or DEFAULT when no scope was written (MySQL: next transaction
   *     only)
   * @param isolationLevelOrNull e.g. {@code READ-COMMITTED}, in the spelling of {@code
   *     transaction_isolation}
   */
  record Transaction(VarScope scope, String isolationLevelOrNull, Boolean readOnlyOrNull)
      implements SetItem {}
}
