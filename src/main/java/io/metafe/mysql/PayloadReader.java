package io.metafe.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes protocol data types from one packet payload; running past the end is a {@link
 * ProtocolException}.
 */
final class PayloadReader {
  private final byte[] data;
  private int pos;

  PayloadReader(byte[] data) {
    this.data = data;
  }

  int remaining() {
    return data.length - pos;
  }

  int position() {
    return pos;
  }

  private void need(int n, String what) throws ProtocolException {
    if (n < 0 || remaining() < n) {
      throw ProtocolException.malformed("truncated " + what);
    }
  }

  int int1() throws ProtocolException {
    need(1, "int<1>");
    return data[pos++] & 0xFF;
  }

  int int2() throws ProtocolException {
    need(2, "int<2>");
    int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
    pos += 2;
    return v;
  }

  long int4() throws ProtocolException {
    need(4, "int<4>");
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = v << 8 | (data[pos + i] & 0xFF);
    }
    pos += 4;
    return v;
  }

  /** Length-encoded integer; 0xFB (NULL) and 0xFF are not valid lengths in the packets we parse. */
  long lenencInt() throws ProtocolException {
    int first = int1();
    if (first < 0xFB) {
      return first;
    }
    int width =
        switch (first) {
          case 0xFC -> 2;
          case 0xFD -> 3;
          case 0xFE -> 8;
          default ->
              throw ProtocolException.malformed(
                  "bad length-encoded integer prefix 0x" + Integer.toHexString(first));
        };
    need(width, "length-encoded integer");
    long v = 0;
    for (int i = width - 1; i >= 0; i--) {
      v = v << 8 | (data[pos + i] & 0xFF);
    }
    pos += width;
    if (v < 0) {
      throw ProtocolException.malformed("length-encoded integer overflows");
    }
    return v;
  }

  byte[] bytes(long n, String what) throws ProtocolException {
    if (n > Integer.MAX_VALUE) {
      throw ProtocolException.malformed("oversized " + what);
    }
    need((int) n, what);
    byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  byte[] lenencBytes(String what) throws ProtocolException {
    return bytes(lenencInt(), what);
  }

  String lenencString(String what) throws ProtocolException {
    return new String(lenencBytes(what), StandardCharsets.UTF_8);
  }

  void skip(int n, String what) throws ProtocolException {
    need(n, what);
    pos += n;
  }

  /** A NUL-terminated string; a missing terminator is malformed. */
  String nulString(String what) throws ProtocolException {
    for (int i = pos; i < data.length; i++) {
      if (data[i] == 0) {
        String s = new String(data, pos, i - pos, StandardCharsets.UTF_8);
        pos = i + 1;
        return s;
      }
    }
    throw ProtocolException.malformed("unterminated " + what);
  }

  /**
   * A NUL-terminated string, or the rest of the payload when some client omits the terminator at
   * the end.
   */
  String nulOrEofString(String what) {
    int end = pos;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    String s = new String(data, pos, end - pos, StandardCharsets.UTF_8);
    pos = Math.min(end + 1, data.length);
    return s;
  }

  String restString() {
    String s = new String(data, pos, remaining(), StandardCharsets.UTF_8);
    pos = data.length;
    return s;
  }
}
