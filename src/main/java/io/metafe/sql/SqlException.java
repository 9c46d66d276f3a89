package io.metafe.sql;

import java.util.Objects;

/**
 * A MySQL error to report to the client: code, SQLSTATE and message. Any package may throw it
 * through {@link #of}.
 */
public final class SqlException extends RuntimeException {

  private final SqlError error;

  private SqlException(SqlError error, String message) {
    super(message);
    this.error = error;
  }

  /** The error with its message template filled in with {@code args}. */
  public static SqlException of(SqlError error, Object... args) {
    Objects.requireNonNull(error, "error");
    return new SqlException(error, String.format(java.util.Locale.ROOT, error.format(), args));
  }

  /**
   * A 1064 syntax error.
   *
   * @param near the statement text from the offending token on (truncated by this method)
   * @param line 1-based
   * @param column 0-based character offset in the line, as MySQL's own positions
   */
  public static SqlException syntax(String near, int line, int column, String detail) {
    String shown = near.length() > 80 ? near.substring(0, 80) : near;
    return of(SqlError.SYNTAX, shown, line, column, detail);
  }

  public SqlError error() {
    return error;
  }

  public int code() {
    return error.code();
  }

  public String sqlState() {
    return error.sqlState();
  }
}
