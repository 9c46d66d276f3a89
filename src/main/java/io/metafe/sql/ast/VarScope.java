package io.metafe.sql.ast;

/**
 * Where a variable lives. {@code DEFAULT} is the unqualified {@code @@x}, which MySQL reads from
 * the session and falls back to the global value for global-only variables.
 */
public enum VarScope {
  USER,
  SESSION,
  GLOBAL,
  DEFAULT
}
