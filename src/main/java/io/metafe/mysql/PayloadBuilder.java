package io.metafe.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Accumulates one packet payload in protocol encodings (little-endian integers, length-encoded
 * strings).
 */
final class PayloadBuilder {
  private byte[] buf = new byte[128];
  private int len;

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  PayloadBuilder int1(int v) {
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  PayloadBuilder int2(int v) {
    return intN(v, 2);
  }

  PayloadBuilder int4(long v) {
    return intN(v, 4);
  }

  private PayloadBuilder intN(long v, int width) {
    ensure(width);
    for (int i = 0; i < width; i++) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  PayloadBuilder lenencInt(long v) {
    if (v < 0) {
      // Unsigned 64-bit values above Long.MAX_VALUE never occur in what we send.
      throw new IllegalArgumentException("negative length-encoded integer " + v);
    }
    if (v < 0xFB) {
      return int1((int) v);
    } else if (v <= 0xFFFF) {
      return int1(0xFC).intN(v, 2);
    } else if (v <= 0xFFFFFF) {
      return int1(0xFD).intN(v, 3);
    }
    return int1(0xFE).intN(v, 8);
  }

  PayloadBuilder bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  PayloadBuilder lenencString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return lenencInt(b.length).bytes(b);
  }

  PayloadBuilder nulString(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8)).int1(0);
  }

  PayloadBuilder restString(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }
}
