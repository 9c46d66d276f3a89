package io.metafe.mysql;

/** Wire constants of the MySQL client/server protocol that this package uses. */
final class Protocol {
  private Protocol() {}

  static final int CLIENT_LONG_PASSWORD = 1;
  static final int CLIENT_FOUND_ROWS = 1 << 1;
  static final int CLIENT_LONG_FLAG = 1 << 2;
  static final int CLIENT_CONNECT_WITH_DB = 1 << 3;
  static final int CLIENT_PROTOCOL_41 = 1 << 9;
  static final int CLIENT_SSL = 1 << 11;
  static final int CLIENT_TRANSACTIONS = 1 << 13;
  static final int CLIENT_SECURE_CONNECTION = 1 << 15;
  static final int CLIENT_MULTI_RESULTS = 1 << 17;
  static final int CLIENT_PLUGIN_AUTH = 1 << 19;
  static final int CLIENT_CONNECT_ATTRS = 1 << 20;
  static final int CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21;

  /** Everything we advertise; each bit is implemented, nothing else is offered. */
  static final int SERVER_CAPABILITIES =
      CLIENT_LONG_PASSWORD
          | CLIENT_FOUND_ROWS
          | CLIENT_LONG_FLAG
          | CLIENT_CONNECT_WITH_DB
          | CLIENT_PROTOCOL_41
          | CLIENT_TRANSACTIONS
          | CLIENT_SECURE_CONNECTION
          | CLIENT_PLUGIN_AUTH
          | CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA
          | CLIENT_CONNECT_ATTRS
          | CLIENT_MULTI_RESULTS;

  static final int SERVER_STATUS_IN_TRANS = 0x0001;
  static final int SERVER_STATUS_AUTOCOMMIT = 0x0002;

  static final int CHARSET_UTF8MB4_GENERAL_CI = 45;
  static final int CHARSET_BINARY = 63;

  static final int NOT_NULL_FLAG = 1;
  static final int BLOB_FLAG = 16;
  static final int BINARY_FLAG = 128;
  static final int TIMESTAMP_FLAG = 1024;
  static final int NUM_FLAG = 32768;

  static final String NATIVE_PASSWORD = "mysql_native_password";
  static final int SCRAMBLE_LENGTH = 20;

  static final int COM_QUIT = 0x01;
  static final int COM_INIT_DB = 0x02;
  static final int COM_QUERY = 0x03;
  static final int COM_FIELD_LIST = 0x04;
  static final int COM_STATISTICS = 0x09;
  static final int COM_PING = 0x0e;
  static final int COM_STMT_PREPARE = 0x16;
  static final int COM_STMT_EXECUTE = 0x17;
  static final int COM_STMT_SEND_LONG_DATA = 0x18;
  static final int COM_STMT_CLOSE = 0x19;
  static final int COM_STMT_RESET = 0x1a;
  static final int COM_STMT_FETCH = 0x1c;

  static final int MAX_PAYLOAD_CHUNK = 0xFFFFFF;

  static final int ER_CON_COUNT_ERROR = 1040;
  static final int ER_HANDSHAKE_ERROR = 1043;
  static final int ER_ACCESS_DENIED = 1045;
  static final int ER_UNKNOWN_COM_ERROR = 1047;
  static final int ER_UNKNOWN_ERROR = 1105;
  static final int ER_NET_PACKET_TOO_LARGE = 1153;
  static final int ER_NET_PACKETS_OUT_OF_ORDER = 1156;
}
