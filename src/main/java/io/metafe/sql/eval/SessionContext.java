package io.metafe.sql.eval;

import io.metafe.sql.ast.VarScope;
import java.time.LocalDateTime;

/**
 * What expression evaluation needs from the connection it runs for. Implemented by the session
 * layer; evaluation only reads it.
 */
public interface SessionContext {

  /** The current database, or null when none is selected. */
  String currentDatabase();

  /** {@code user@host}, as USER() shows it. */
  String currentUser();

  long connectionId();

  /** The statement's clock reading; NOW() returns it truncated to seconds. */
  LocalDateTime now();

  /**
   * The value of a variable: for {@link VarScope#USER} null when unset; for system variables a
   * Long, String, BigDecimal, Double or null.
   *
   * @throws io.metafe.sql.SqlException 1193 {@code Unknown system variable 'x'} for an unknown
   *     system variable
   */
  Object variable(VarScope scope, String name);
}
