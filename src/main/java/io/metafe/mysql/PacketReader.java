package io.metafe.mysql;

import io.metafe.time.Clock;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads logical packets: 3-byte length, 1-byte sequence id, payload, with payloads of 0xFFFFFF
 * bytes continued in the following packet. Confined to the connection's thread.
 *
 * <p>An optional deadline bounds the total time of all reads (not each read), so a client that
 * trickles bytes cannot stretch the handshake timeout. The deadline is the clock's; each read is
 * bounded by the socket's timeout, set to what is left of it.
 */
final class PacketReader {
  private final InputStream in;
  private final Socket socket;
  private final Sequence sequence;
  private final int maxPayload;
  private final Clock clock;
  private final byte[] header = new byte[4];
  private long deadlineNanos;
  private boolean deadlineSet;

  PacketReader(InputStream in, Socket socket, Sequence sequence, int maxPayload, Clock clock) {
    this.in = in;
    this.socket = socket;
    this.sequence = sequence;
    this.maxPayload = maxPayload;
    this.clock = clock;
  }

  /** Bounds every later read until {@link #clearDeadline()}; in the clock's nanos. */
  void setDeadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    this.deadlineSet = true;
  }

  void clearDeadline() throws IOException {
    deadlineSet = false;
    socket.setSoTimeout(0);
  }

  /**
   * The next payload, or null if the peer closed the connection cleanly before sending any byte of
   * it.
   *
   * @throws ProtocolException for a wrong sequence id or a payload over the limit
   * @throws EOFException if the stream ends inside a packet
   * @throws SocketTimeoutException if the deadline passes
   */
  byte[] read() throws IOException, ProtocolException {
    byte[] payload = null;
    int total = 0;
    while (true) {
      if (!readFully(header, 0, header.length, payload == null)) {
        return null;
      }
      int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
      int seq = header[3] & 0xFF;
      if (seq != sequence.next()) {
        throw new ProtocolException(
            Protocol.ER_NET_PACKETS_OUT_OF_ORDER,
            "08S01",
            "Got packets out of order (expected sequence "
                + sequence.next()
                + ", got "
                + seq
                + ")");
      }
      sequence.advance();
      if ((long) total + length > maxPayload) {
        throw new ProtocolException(
            Protocol.ER_NET_PACKET_TOO_LARGE,
            "08S01",
            "Got a packet bigger than 'max_allowed_packet' bytes");
      }
      payload = payload == null ? new byte[length] : Arrays.copyOf(payload, total + length);
      readFully(payload, total, length, false);
      total += length;
      if (length < Protocol.MAX_PAYLOAD_CHUNK) {
        return payload;
      }
    }
  }

  /** Returns false only when {@code eofAllowed} and the stream ended before the first byte. */
  private boolean readFully(byte[] buf, int start, int length, boolean eofAllowed)
      throws IOException {
    int done = 0;
    while (done < length) {
      applyDeadline();
      int n = in.read(buf, start + done, length - done);
      if (n < 0) {
        if (eofAllowed && done == 0) {
          return false;
        }
        throw new EOFException(
            "connection closed inside a packet (" + done + " of " + length + " bytes)");
      }
      done += n;
    }
    return true;
  }

  private void applyDeadline() throws IOException {
    if (!deadlineSet) {
      return;
    }
    long remainingMillis = (deadlineNanos - clock.nanos()) / 1_000_000;
    if (remainingMillis <= 0) {
      throw new SocketTimeoutException("handshake timed out");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
  }
}
