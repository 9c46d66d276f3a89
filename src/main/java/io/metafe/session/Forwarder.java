package io.metafe.session;

import java.util.List;

/**
 * Sends writes from a non-master FE to the master and returns the master's answer. Implemented by
 * the server over HTTP; thread-safe.
 */
public interface Forwarder {

  /**
   * Runs {@code writes} on the master: one write on its own, several as one transaction (all or
   * nothing).
   *
   * @throws io.metafe.sql.SqlException 1105 naming the master and the cause when it cannot be
   *     reached
   */
  Forwarded forward(List<Write> writes, String user);

  /** One statement and the database that was current when the client sent it. */
  record Write(String sql, String database) {}

  /**
   * The master's answer.
   *
   * @param errorCode 0 for success
   * @param journalId the master's journal id after the statement; the caller waits to have replayed
   *     it
   */
  record Forwarded(
      int errorCode, String sqlState, String message, long affectedRows, long journalId) {}
}
