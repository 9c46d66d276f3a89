package io.metafe.mysql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: runs the handshake, then the command loop, on its own thread. Every
 * failure ends here: nothing a client sends or a session throws can escape to the server or other
 * connections.
 */
final class Connection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  private final long id;
  private final Socket socket;
  private final ServerContext context;
  private final String remoteHost;
  private final String remote;
  private final Sequence sequence = new Sequence();
  private final PreparedStatements prepared = new PreparedStatements();
  private long questions;

  Connection(long id, Socket socket, ServerContext context) {
    this.id = id;
    this.socket = socket;
    this.context = context;
    InetSocketAddress address = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.remoteHost = address == null ? "unknown" : address.getAddress().getHostAddress();
    this.remote = address == null ? "unknown" : remoteHost + ":" + address.getPort();
  }

  /** Safe from any thread: unblocks this connection's thread, which then cleans up. */
  void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing socket of connection {}", id, e);
    }
  }

  @Override
  public void run() {
    Session session = null;
    PacketWriter writer = null;
    try {
      socket.setTcpNoDelay(true);
      PacketReader reader =
          new PacketReader(
              new BufferedInputStream(socket.getInputStream()),
              socket,
              sequence,
              context.config().maxPacketBytes(),
              context.clock());
      writer =
          new PacketWriter(new BufferedOutputStream(socket.getOutputStream(), 16 * 1024), sequence);
      LOG.debug("connection {} from {} accepted", id, remote);
      reader.setDeadline(context.clock().nanos() + context.config().handshakeTimeout().toNanos());
      Handshake handshake =
          new Handshake(reader, writer, context.passwords(), context.random(), remoteHost);
      Handshake.Login login = handshake.run(id, context.config().serverVersion());
      if (login == null) {
        return;
      }
      session = openSession(login, writer);
      if (session == null) {
        return;
      }
      reader.clearDeadline();
      LOG.debug("connection {} from {} authenticated as {}", id, remote, login.user());
      commandLoop(reader, writer, session);
    } catch (ProtocolException e) {
      LOG.warn("mysql connection {} from {} dropped: {}", id, remote, e.getMessage());
      trySend(writer, e.toError());
    } catch (SocketTimeoutException e) {
      LOG.warn(
          "mysql connection {} from {} dropped: handshake not completed within {}",
          id,
          remote,
          context.config().handshakeTimeout());
    } catch (Handshake.Abandoned e) {
      LOG.debug("connection {} from {}: {}", id, remote, e.getMessage());
    } catch (EOFException e) {
      LOG.warn(
          "mysql connection {} from {} dropped: truncated packet: {}", id, remote, e.getMessage());
    } catch (IOException e) {
      if (socket.isClosed()) {
        LOG.debug("connection {} from {} closed by the server", id, remote);
      } else {
        LOG.warn("mysql connection {} from {} dropped: I/O error: {}", id, remote, e.toString());
      }
    } catch (RuntimeException e) {
      // E.g. a failing PasswordStore: tell the client why before hanging up.
      LOG.warn(
          "mysql connection {} from {} dropped: internal error: {}", id, remote, e.toString(), e);
      trySend(writer, internalError(e));
    } catch (Error e) {
      LOG.warn(
          "mysql connection {} from {} dropped: internal error: {}", id, remote, e.toString(), e);
    } finally {
      closeSocket();
      if (session != null) {
        closeQuietly(session);
      }
      LOG.debug("connection {} from {} closed", id, remote);
    }
  }

  /**
   * Opens the session and applies the handshake's database; null after having told the client why
   * not.
   */
  private Session openSession(Handshake.Login login, PacketWriter writer) throws IOException {
    Session session;
    try {
      session = context.sessions().open(new ConnectionInfo(id, login.user(), remote));
    } catch (RuntimeException e) {
      LOG.warn(
          "mysql connection {} from {}: session factory failed: {}", id, remote, e.toString(), e);
      ResultEncoder.writeError(writer, internalError(e));
      writer.flush();
      return null;
    }
    if (session == null) {
      ResultEncoder.writeError(
          writer, new Response.Error(Protocol.ER_UNKNOWN_ERROR, "HY000", "no session"));
      writer.flush();
      return null;
    }
    if (login.database() != null) {
      Response r = call(() -> session.initDb(login.database()));
      if (r instanceof Response.Error error) {
        ResultEncoder.writeError(writer, error);
        writer.flush();
        closeQuietly(session);
        return null;
      }
    }
    ResultEncoder.writeOk(writer, Response.ok(), ResultEncoder.IDLE);
    writer.flush();
    return session;
  }

  private void commandLoop(PacketReader reader, PacketWriter writer, Session session)
      throws IOException, ProtocolException {
    while (true) {
      sequence.reset();
      byte[] packet = reader.read();
      if (packet == null) {
        LOG.debug("connection {} from {}: client disconnected", id, remote);
        return;
      }
      if (packet.length == 0) {
        throw ProtocolException.malformed("empty command packet");
      }
      questions++;
      PayloadReader in = new PayloadReader(packet);
      int command = in.int1();
      switch (command) {
        case Protocol.COM_QUIT -> {
          return;
        }
        case Protocol.COM_QUERY -> {
          String sql = withoutTrailingNuls(in.restString());
          Response response = call(() -> session.query(sql));
          ResultEncoder.write(writer, response, status(session));
        }
        case Protocol.COM_INIT_DB -> {
          String database = in.restString();
          Response response = call(() -> session.initDb(database));
          ResultEncoder.write(writer, response, status(session));
        }
        case Protocol.COM_PING -> ResultEncoder.writeOk(writer, Response.ok(), status(session));
        case Protocol.COM_FIELD_LIST -> {
          String table = in.nulOrEofString("table");
          String wildcard = in.restString();
          ResultEncoder.writeFieldList(
              writer, call(() -> session.fieldList(table, wildcard)), status(session));
        }
        case Protocol.COM_STATISTICS -> writer.write(new PayloadBuilder().restString(statistics()));
        case Protocol.COM_STMT_PREPARE -> {
          String sql = withoutTrailingNuls(in.restString());
          if (prepared.isFull()) {
            ResultEncoder.writeError(writer, PreparedStatements.TOO_MANY);
          } else {
            prepared.register(writer, call(() -> session.prepare(sql)), status(session));
          }
        }
        case Protocol.COM_STMT_EXECUTE -> {
          PreparedStatements.ExecuteRequest request = prepared.readExecute(in, writer);
          if (request != null) {
            Response response = call(() -> session.execute(request.handle(), request.parameters()));
            ResultEncoder.writeBinary(writer, response, status(session));
          }
        }
        case Protocol.COM_STMT_SEND_LONG_DATA -> {
          prepared.longData(in);
          continue;
        }
        case Protocol.COM_STMT_CLOSE -> {
          prepared.close(in);
          continue;
        }
        case Protocol.COM_STMT_RESET -> prepared.reset(in, writer, status(session));
        case Protocol.COM_STMT_FETCH ->
            ResultEncoder.writeError(
                writer,
                new Response.Error(
                    Protocol.ER_UNKNOWN_COM_ERROR,
                    "08S01",
                    "COM_STMT_FETCH: MetaFE opens no cursors; read whole results"));
        default ->
            ResultEncoder.writeError(
                writer,
                new Response.Error(Protocol.ER_UNKNOWN_COM_ERROR, "08S01", "Unknown command"));
      }
      writer.flush();
    }
  }

  /**
   * Some clients (mysqlslap) count a C string's terminating NUL into the query; MySQL ends the text
   * there.
   */
  static String withoutTrailingNuls(String sql) {
    int end = sql.length();
    while (end > 0 && sql.charAt(end - 1) == '\0') {
      end--;
    }
    return end == sql.length() ? sql : sql.substring(0, end);
  }

  private int status(Session session) {
    try {
      return ResultEncoder.status(session);
    } catch (RuntimeException e) {
      LOG.debug("connection {}: session status failed", id, e);
      return ResultEncoder.IDLE;
    }
  }

  private String statistics() {
    long uptime = (context.clock().nanos() - context.startNanos()) / 1_000_000_000L;
    return "Uptime: "
        + uptime
        + "  Threads: "
        + context.openConnections().getAsInt()
        + "  Questions: "
        + questions;
  }

  /** A session failure is the statement's failure, not the connection's. */
  private Response call(java.util.function.Supplier<Response> action) {
    try {
      Response r = action.get();
      return r != null
          ? r
          : new Response.Error(Protocol.ER_UNKNOWN_ERROR, "HY000", "session returned no response");
    } catch (RuntimeException e) {
      LOG.debug("connection {}: session threw", id, e);
      return internalError(e);
    }
  }

  private static Response.Error internalError(RuntimeException e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    return new Response.Error(Protocol.ER_UNKNOWN_ERROR, "HY000", message);
  }

  private void closeQuietly(Session session) {
    try {
      session.close();
    } catch (RuntimeException e) {
      LOG.warn("session of connection {} failed to close: {}", id, e.toString(), e);
    }
  }

  private void trySend(PacketWriter writer, Response.Error error) {
    if (writer == null || socket.isClosed()) {
      return;
    }
    try {
      ResultEncoder.writeError(writer, error);
      writer.flush();
    } catch (IOException e) {
      LOG.debug("connection {}: could not report protocol error", id, e);
    }
  }
}
