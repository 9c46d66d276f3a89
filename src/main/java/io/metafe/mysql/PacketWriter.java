package io.metafe.mysql;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Frames payloads into packets, splitting at 0xFFFFFF bytes. Output is buffered: callers {@link
 * #flush()} once per complete response so a result set leaves in as few segments as possible.
 * Confined to the connection's thread.
 */
final class PacketWriter {
  private final OutputStream out;
  private final Sequence sequence;
  private final byte[] header = new byte[4];

  PacketWriter(OutputStream out, Sequence sequence) {
    this.out = out;
    this.sequence = sequence;
  }

  void write(byte[] payload) throws IOException {
    int off = 0;
    while (true) {
      int chunk = Math.min(Protocol.MAX_PAYLOAD_CHUNK, payload.length - off);
      header[0] = (byte) chunk;
      header[1] = (byte) (chunk >>> 8);
      header[2] = (byte) (chunk >>> 16);
      header[3] = (byte) sequence.next();
      sequence.advance();
      out.write(header);
      out.write(payload, off, chunk);
      off += chunk;
      // A chunk of exactly 0xFFFFFF bytes promises a continuation, so a final empty packet may be
      // needed.
      if (chunk < Protocol.MAX_PAYLOAD_CHUNK) {
        return;
      }
    }
  }

  void write(PayloadBuilder payload) throws IOException {
    write(payload.toBytes());
  }

  void flush() throws IOException {
    out.flush();
  }
}
