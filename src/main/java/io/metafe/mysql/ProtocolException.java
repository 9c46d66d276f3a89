package io.metafe.mysql;

/**
 * A client broke the protocol. Carries the ERR packet to attempt before the connection is dropped;
 * the connection can never continue after one, because the packet stream can no longer be trusted.
 */
final class ProtocolException extends Exception {
  private final int code;
  private final String sqlState;

  ProtocolException(int code, String sqlState, String message) {
    super(message);
    this.code = code;
    this.sqlState = sqlState;
  }

  static ProtocolException malformed(String what) {
    return new ProtocolException(
        Protocol.ER_UNKNOWN_COM_ERROR, "08S01", "Malformed packet: " + what);
  }

  Response.Error toError() {
    return new Response.Error(code, sqlState, getMessage());
  }
}
