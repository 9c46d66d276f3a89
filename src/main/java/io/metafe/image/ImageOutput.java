package io.metafe.image;

import io.metafe.records.Wire;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Where the image writer puts its bytes: one unsynchronized buffer that is checksummed and written
 * to the file a chunk at a time. A stream chain (data, counting, buffered) costs a few virtual and
 * synchronized calls per byte, and an image is mostly small fields; here a field is a few array
 * stores, the CRC runs over whole chunks, and the {@link Pacer} gets a tick per chunk. Big-endian,
 * like {@link java.io.DataOutputStream}, so readers are unchanged. Not thread-safe; one per image.
 */
final class ImageOutput implements Wire.CopyingOutput {
  /** Small enough that a chunk's work fits within a {@link Pacer#SLICE}. */
  static final int CHUNK = 1 << 14;

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final FileChannel channel;
  private final Pacer pacer;
  private final CRC32C crc = new CRC32C();
  private final byte[] buffer = new byte[CHUNK];
  private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
  private int position;
  private long drained;
  private boolean checksumming = true;

  /** What the checksum covers: every byte before the footer. */
  record Checksummed(long length, int crc) {}

  ImageOutput(FileChannel channel, Pacer pacer) {
    this.channel = channel;
    this.pacer = pacer;
  }

  /**
   * Ends the part the checksum covers: everything written so far.
   *
   * @return its length and CRC-32C
   */
  Checksummed endChecksummed() throws IOException {
    drain();
    checksumming = false;
    return new Checksummed(drained, (int) crc.getValue());
  }

  /** Writes what is buffered to the file. */
  void flush() throws IOException {
    drain();
  }

  private void drain() throws IOException {
    if (position == 0) {
      return;
    }
    if (checksumming) {
      crc.update(buffer, 0, position);
    }
    wrapped.clear().limit(position);
    while (wrapped.hasRemaining()) {
      channel.write(wrapped);
    }
    drained += position;
    position = 0;
    pacer.tick();
  }

  private void room(int n) throws IOException {
    if (position + n > buffer.length) {
      drain();
    }
  }

  @Override
  public void write(int b) throws IOException {
    room(1);
    buffer[position++] = (byte) b;
  }

  @Override
  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      if (position == buffer.length) {
        drain();
      }
      int n = Math.min(len - done, buffer.length - position);
      System.arraycopy(b, off + done, buffer, position, n);
      position += n;
      done += n;
    }
  }

  @Override
  public void writeBoolean(boolean v) throws IOException {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) throws IOException {
    write(v);
  }

  @Override
  public void writeShort(int v) throws IOException {
    room(Short.BYTES);
    SHORT.set(buffer, position, (short) v);
    position += Short.BYTES;
  }

  @Override
  public void writeChar(int v) throws IOException {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) throws IOException {
    room(Integer.BYTES);
    INT.set(buffer, position, v);
    position += Integer.BYTES;
  }

  @Override
  public void writeLong(long v) throws IOException {
    room(Long.BYTES);
    LONG.set(buffer, position, v);
    position += Long.BYTES;
  }

  @Override
  public void writeFloat(float v) throws IOException {
    writeInt(Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) throws IOException {
    writeLong(Double.doubleToLongBits(v));
  }

  /** The low byte of each char, as {@link java.io.DataOutputStream#writeBytes}, without a copy. */
  @Override
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly "low bytes"
  public void writeBytes(String s) throws IOException {
    int done = 0;
    int len = s.length();
    while (done < len) {
      if (position == buffer.length) {
        drain();
      }
      int n = Math.min(len - done, buffer.length - position);
      s.getBytes(done, done + n, buffer, position);
      position += n;
      done += n;
    }
  }

  @Override
  public void writeChars(String s) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      writeChar(s.charAt(i));
    }
  }

  /** Modified UTF-8 as {@link java.io.DataOutputStream#writeUTF}; no image field uses it. */
  @Override
  public void writeUTF(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DataOutputStream(bytes).writeUTF(s);
    write(bytes.toByteArray());
  }
}
