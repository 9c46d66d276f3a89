package io.metafe.session;

/**
 * Sends a write statement from a non-master FE to the master and returns the master's answer. Implemented by the
 * server over HTTP; thread-safe.
 */
public interface Forwarder {

  /**
   * Runs {@code sql} on the master with {@code database} as the current database.
   *
   * @throws io.metafe.sql.SqlException 1105 naming the master and the cause when it cannot be reached
   */
  Forwarded forward(String sql, String database, String user);

  /**
   * The master's answer.
   *
   * @param errorCode 0 for success
   * @param journalId the master's journal id after the statement; the caller waits to have replayed it
   */
  record Forwarded(int errorCode, String sqlState, String message, long affectedRows, long journalId) {}
}
