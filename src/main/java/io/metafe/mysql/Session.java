package io.metafe.mysql;

/**
 * The server side of one client connection, above the wire protocol.
 *
 * <p>One instance per connection; all methods are called only from that connection's thread, so
 * implementations need no synchronisation of their own state. A method that throws (a {@link
 * RuntimeException}) or returns null is reported to the client as ERR 1105 (HY000) and the
 * connection stays open.
 */
public interface Session {

  /** COM_QUERY: one SQL statement, decoded as UTF-8. */
  Response query(String sql);

  /**
   * COM_INIT_DB, and the database named in the handshake (an {@link Response.Error} then rejects
   * the login).
   */
  Response initDb(String database);

  /**
   * COM_FIELD_LIST: a {@link Response.ResultSet} whose columns are sent and whose rows are ignored.
   *
   * @param wildcard the column name pattern the client sent, possibly empty
   */
  Response fieldList(String table, String wildcard);

  /**
   * COM_STMT_PREPARE: a {@link Response.Prepared} for a statement with {@code ?} parameters, or an
   * {@link Response.Error}.
   */
  default Response prepare(String sql) {
    return Response.error(
        1295, "HY000", "This command is not supported in the prepared statement protocol yet");
  }

  /**
   * COM_STMT_EXECUTE of a statement {@link #prepare} returned, with one value per parameter (null
   * for SQL NULL; Long, Double, BigDecimal, String, LocalDate or LocalDateTime otherwise).
   */
  default Response execute(Object handle, java.util.List<Object> parameters) {
    return Response.error(
        1295, "HY000", "This command is not supported in the prepared statement protocol yet");
  }

  /** Whether a transaction is open, for the SERVER_STATUS_IN_TRANS flag of OK and EOF packets. */
  default boolean inTransaction() {
    return false;
  }

  /** Whether autocommit is on, for the SERVER_STATUS_AUTOCOMMIT flag of OK and EOF packets. */
  default boolean autocommit() {
    return true;
  }

  /**
   * The connection ended for any reason. Called exactly once; exceptions are logged and ignored.
   */
  void close();
}
