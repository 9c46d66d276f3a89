package io.metafe.mysql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-side prepared statements of one connection: COM_STMT_PREPARE, EXECUTE, SEND_LONG_DATA,
 * RESET and CLOSE, with parameters and result rows in the binary protocol. Statements live until
 * closed or until the connection ends. Used by its connection's thread only.
 */
final class PreparedStatements {
  /** MySQL's default max_prepared_stmt_count, applied per connection. */
  static final int MAX_STATEMENTS = 16_382;

  static final int ER_MAX_PREPARED_STMT_COUNT_REACHED = 1461;
  static final int ER_UNKNOWN_STMT_HANDLER = 1243;
  static final int ER_WRONG_ARGUMENTS = 1210;

  private final Map<Long, Statement> statements = new HashMap<>();
  private long nextId = 1;

  /** One prepared statement: the session's handle, and what the client bound to it so far. */
  private static final class Statement {
    final Object handle;
    final int parameterCount;
    int[] types;
    final ByteArrayOutputStream[] longData;

    Statement(Object handle, int parameterCount) {
      this.handle = handle;
      this.parameterCount = parameterCount;
      this.longData = new ByteArrayOutputStream[parameterCount];
    }
  }

  static final Response.Error TOO_MANY =
      new Response.Error(
          ER_MAX_PREPARED_STMT_COUNT_REACHED,
          "42000",
          "Can't create more than max_prepared_stmt_count statements (current value: "
              + MAX_STATEMENTS
              + "); close"
              + " prepared statements this connection no longer uses");

  boolean isFull() {
    return statements.size() >= MAX_STATEMENTS;
  }

  /**
   * Answers COM_STMT_PREPARE with what the session made of the statement, keeping it if it was
   * prepared.
   */
  void register(PacketWriter w, Response r, int status) throws IOException {
    if (r instanceof Response.Error e) {
      ResultEncoder.writeError(w, e);
      return;
    }
    if (!(r instanceof Response.Prepared p)) {
      ResultEncoder.writeError(
          w, new Response.Error(Protocol.ER_UNKNOWN_ERROR, "HY000", "prepare returned " + r));
      return;
    }
    long id = nextId++;
    statements.put(id, new Statement(p.handle(), p.parameterCount()));
    w.write(
        new PayloadBuilder()
            .int1(0x00)
            .int4(id)
            .int2(p.columns().size())
            .int2(p.parameterCount())
            .int1(0)
            .int2(0));
    if (p.parameterCount() > 0) {
      ColumnMeta parameter = ColumnMeta.of("?", FieldType.VAR_STRING);
      for (int i = 0; i < p.parameterCount(); i++) {
        w.write(ResultEncoder.columnDefinition(parameter, false));
      }
      ResultEncoder.writeEof(w, status);
    }
    if (!p.columns().isEmpty()) {
      for (ColumnMeta c : p.columns()) {
        w.write(ResultEncoder.columnDefinition(c, false));
      }
      ResultEncoder.writeEof(w, status);
    }
  }

  /**
   * Reads the parameters of a COM_STMT_EXECUTE; null after answering with the error that explains
   * why not.
   */
  ExecuteRequest readExecute(PayloadReader in, PacketWriter w)
      throws IOException, ProtocolException {
    if (in.remaining() < 9) {
      // The packet was read whole, so the stream is still in step: refuse this command, keep the
      // connection.
      ResultEncoder.writeError(
          w,
          new Response.Error(
              ER_WRONG_ARGUMENTS,
              "HY000",
              "Incorrect arguments to"
                  + " mysqld_stmt_execute: a COM_STMT_EXECUTE of "
                  + (in.remaining() + 1)
                  + " bytes is shorter than its"
                  + " header"));
      return null;
    }
    long id = in.int4();
    Statement s = statements.get(id);
    if (s == null) {
      ResultEncoder.writeError(
          w,
          new Response.Error(
              ER_UNKNOWN_STMT_HANDLER,
              "HY000",
              "Unknown prepared statement handler (" + id + ") given to mysqld_stmt_execute"));
      return null;
    }
    int flags = in.int1();
    if (flags != 0) {
      ResultEncoder.writeError(
          w,
          new Response.Error(
              Protocol.ER_UNKNOWN_ERROR,
              "HY000",
              "cursors (COM_STMT_EXECUTE"
                  + " flags "
                  + flags
                  + ") are not supported: read the whole result, e.g. without useCursorFetch"));
      return null;
    }
    in.int4();
    List<Object> values = new ArrayList<>(s.parameterCount);
    try {
      if (s.parameterCount > 0 && in.remaining() == 0) {
        throw ProtocolException.malformed(
            "statement "
                + id
                + " has "
                + s.parameterCount
                + " parameters and no"
                + " values were sent");
      }
      if (s.parameterCount > 0) {
        byte[] nulls = in.bytes((s.parameterCount + 7) / 8, "NULL bitmap");
        int bound = in.int1();
        if (bound == 1) {
          int[] types = new int[s.parameterCount];
          for (int i = 0; i < types.length; i++) {
            types[i] = in.int2();
          }
          s.types = types;
        } else if (s.types == null) {
          throw new ProtocolException(
              ER_WRONG_ARGUMENTS,
              "HY000",
              "Incorrect arguments to mysqld_stmt_execute:"
                  + " no parameter types were ever bound to statement "
                  + id);
        }
        for (int i = 0; i < s.parameterCount; i++) {
          if (s.longData[i] != null) {
            values.add(new String(s.longData[i].toByteArray(), StandardCharsets.UTF_8));
          } else if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
            values.add(null);
          } else {
            values.add(BinaryValues.read(in, s.types[i] & 0xFF, (s.types[i] & 0x8000) != 0));
          }
        }
      }
    } catch (ProtocolException e) {
      ResultEncoder.writeError(
          w,
          new Response.Error(
              ER_WRONG_ARGUMENTS,
              "HY000",
              "Incorrect arguments to" + " mysqld_stmt_execute: " + e.getMessage()));
      return null;
    } finally {
      java.util.Arrays.fill(s.longData, null);
    }
    return new ExecuteRequest(s.handle, values);
  }

  /** What to run: the session's statement and its parameter values. */
  record ExecuteRequest(Object handle, List<Object> parameters) {}

  /**
   * COM_STMT_SEND_LONG_DATA: appends to a parameter's value; never answered, so a malformed one is
   * ignored and an unknown statement's waits for EXECUTE's error.
   */
  void longData(PayloadReader in) throws ProtocolException {
    if (in.remaining() < 6) {
      return;
    }
    Statement s = statements.get(in.int4());
    int parameter = in.int2();
    byte[] data = in.bytes(in.remaining(), "long data");
    if (s != null && parameter < s.parameterCount) {
      if (s.longData[parameter] == null) {
        s.longData[parameter] = new ByteArrayOutputStream();
      }
      s.longData[parameter].writeBytes(data);
    }
  }

  /** COM_STMT_RESET: forgets long data sent so far. */
  void reset(PayloadReader in, PacketWriter w, int status) throws IOException, ProtocolException {
    if (in.remaining() < 4) {
      ResultEncoder.writeError(
          w,
          new Response.Error(
              ER_WRONG_ARGUMENTS,
              "HY000",
              "Incorrect arguments to" + " mysqld_stmt_reset: no statement id"));
      return;
    }
    long id = in.int4();
    Statement s = statements.get(id);
    if (s == null) {
      ResultEncoder.writeError(
          w,
          new Response.Error(
              ER_UNKNOWN_STMT_HANDLER,
              "HY000",
              "Unknown prepared statement handler (" + id + ") given to mysqld_stmt_reset"));
      return;
    }
    java.util.Arrays.fill(s.longData, null);
    ResultEncoder.writeOk(w, Response.ok(), status);
  }

  /** COM_STMT_CLOSE, which the protocol never answers. */
  void close(PayloadReader in) throws ProtocolException {
    if (in.remaining() >= 4) {
      statements.remove(in.int4());
    }
  }
}
