package io.metafe.mysql;

import java.io.IOException;
import java.net.Socket;

/**
 * Sends ERR 1040 in place of the greeting, as MySQL does, then closes. Runs on the acceptor thread.
 */
final class TooManyConnections {
  private TooManyConnections() {}

  static void reject(Socket socket) {
    try (socket) {
      // The payload is tiny, so this write lands in the socket buffer and cannot stall the
      // acceptor.
      PacketWriter writer = new PacketWriter(socket.getOutputStream(), new Sequence());
      ResultEncoder.writeError(
          writer, new Response.Error(Protocol.ER_CON_COUNT_ERROR, "08004", "Too many connections"));
      writer.flush();
    } catch (IOException e) {
      // The client went away first; it was being refused anyway.
    }
  }
}
