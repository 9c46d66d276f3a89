package io.metafe.mysql;

import java.io.IOException;
import java.util.List;

/**
 * Encodes {@link Response}s as OK, ERR, EOF and text result set packets. Classic EOF packets are
 * used throughout because CLIENT_DEPRECATE_EOF is not advertised. Stateless.
 */
final class ResultEncoder {
  private ResultEncoder() {}

  /** The server status of a session: autocommit on, no transaction open. */
  static final int IDLE = Protocol.SERVER_STATUS_AUTOCOMMIT;

  /** The status flags of OK and EOF packets for a session in this state. */
  static int status(Session session) {
    return (session.autocommit() ? Protocol.SERVER_STATUS_AUTOCOMMIT : 0)
        | (session.inTransaction() ? Protocol.SERVER_STATUS_IN_TRANS : 0);
  }

  /** Writes any response to a COM_QUERY-like command; the caller flushes. */
  static void write(PacketWriter w, Response response, int status) throws IOException {
    if (response instanceof Response.Ok ok) {
      writeOk(w, ok, status);
    } else if (response instanceof Response.Error error) {
      writeError(w, error);
    } else if (response instanceof Response.ResultSet rs) {
      writeResultSet(w, rs, status);
    } else {
      writeError(
          w,
          new Response.Error(Protocol.ER_UNKNOWN_ERROR, "HY000", "unexpected answer " + response));
    }
  }

  /**
   * As {@link #write}, with a result set's rows in the binary protocol (the answer to
   * COM_STMT_EXECUTE).
   */
  static void writeBinary(PacketWriter w, Response response, int status) throws IOException {
    if (!(response instanceof Response.ResultSet rs) || rs.columns().isEmpty()) {
      write(w, response, status);
      return;
    }
    List<PayloadBuilder> rows = new java.util.ArrayList<>(rs.rows().size());
    try {
      for (List<String> row : rs.rows()) {
        rows.add(BinaryValues.row(rs.columns(), row));
      }
    } catch (IllegalStateException e) {
      writeError(w, new Response.Error(Protocol.ER_UNKNOWN_ERROR, "HY000", e.getMessage()));
      return;
    }
    w.write(new PayloadBuilder().lenencInt(rs.columns().size()));
    for (ColumnMeta column : rs.columns()) {
      w.write(columnDefinition(column, false));
    }
    writeEof(w, status);
    for (PayloadBuilder row : rows) {
      w.write(row);
    }
    writeEof(w, status);
  }

  /**
   * The info text is length-encoded, as MySQL servers send it and as libmysql/libmariadb clients
   * read it, although the protocol documentation calls it string&lt;EOF&gt; without
   * CLIENT_SESSION_TRACK.
   */
  static void writeOk(PacketWriter w, Response.Ok ok, int status) throws IOException {
    PayloadBuilder p =
        new PayloadBuilder()
            .int1(0x00)
            .lenencInt(ok.affectedRows())
            .lenencInt(ok.lastInsertId())
            .int2(status)
            .int2(ok.warnings());
    if (!ok.info().isEmpty()) {
      p.lenencString(ok.info());
    }
    w.write(p);
  }

  static void writeError(PacketWriter w, Response.Error error) throws IOException {
    w.write(
        new PayloadBuilder()
            .int1(0xFF)
            .int2(error.code())
            .int1('#')
            .restString(error.sqlState())
            .restString(error.message()));
  }

  static void writeEof(PacketWriter w, int status) throws IOException {
    w.write(new PayloadBuilder().int1(0xFE).int2(0).int2(status));
  }

  static void writeResultSet(PacketWriter w, Response.ResultSet rs, int status) throws IOException {
    List<ColumnMeta> columns = rs.columns();
    if (columns.isEmpty()) {
      // A result set needs at least one column; a column-less answer is just success.
      writeOk(w, Response.ok(), status);
      return;
    }
    w.write(new PayloadBuilder().lenencInt(columns.size()));
    for (ColumnMeta column : columns) {
      w.write(columnDefinition(column, false));
    }
    writeEof(w, status);
    for (List<String> row : rs.rows()) {
      PayloadBuilder p = new PayloadBuilder();
      for (String value : row) {
        if (value == null) {
          p.int1(0xFB);
        } else {
          p.lenencString(value);
        }
      }
      w.write(p);
    }
    writeEof(w, status);
  }

  /**
   * COM_FIELD_LIST answer: column definitions (with the default-value field) and EOF, no count, no
   * rows.
   */
  static void writeFieldList(PacketWriter w, Response response, int status) throws IOException {
    if (response instanceof Response.Error error) {
      writeError(w, error);
      return;
    }
    if (response instanceof Response.ResultSet rs) {
      for (ColumnMeta column : rs.columns()) {
        w.write(columnDefinition(column, true));
      }
    }
    writeEof(w, status);
  }

  static PayloadBuilder columnDefinition(ColumnMeta c, boolean withDefault) {
    FieldType type = c.type();
    boolean binary = type.usesBinaryCharset();
    int flags = 0;
    if (!c.nullable()) {
      flags |= Protocol.NOT_NULL_FLAG;
    }
    if (binary) {
      flags |= Protocol.BINARY_FLAG;
    }
    if (type.isNumeric()) {
      flags |= Protocol.NUM_FLAG;
    }
    if (type == FieldType.TIMESTAMP) {
      flags |= Protocol.TIMESTAMP_FLAG;
    }
    if (type == FieldType.TINY_BLOB
        || type == FieldType.MEDIUM_BLOB
        || type == FieldType.LONG_BLOB
        || type == FieldType.BLOB) {
      flags |= Protocol.BLOB_FLAG;
    }
    PayloadBuilder p =
        new PayloadBuilder()
            .lenencString("def")
            .lenencString(c.schema())
            .lenencString(c.table())
            .lenencString(c.table())
            .lenencString(c.name())
            .lenencString(c.name())
            .lenencInt(0x0C)
            .int2(binary ? Protocol.CHARSET_BINARY : Protocol.CHARSET_UTF8MB4_GENERAL_CI)
            .int4(Math.min(c.length(), 0xFFFFFFFFL))
            .int1(type.code())
            .int2(flags)
            .int1(c.decimals())
            .int2(0);
    if (withDefault) {
      p.int1(0xFB); // no default value known
    }
    return p;
  }
}
