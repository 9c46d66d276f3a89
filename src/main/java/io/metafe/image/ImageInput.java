package io.metafe.image;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads the checksummed part of an image (everything before the footer) a chunk at a time, feeding
 * each chunk to a CRC-32C as it is loaded, so that a checkpoint's read-back checks the checksum and
 * the structure in one pass over the file. Reading past the checksummed part is an {@link
 * EOFException}, as for a truncated file. The counterpart of {@link ImageOutput}; not thread-safe.
 */
final class ImageInput implements DataInput {
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final FileChannel channel;
  private final long length;
  private final Pacer pacer;
  private final CRC32C crc = new CRC32C();
  private final byte[] buffer = new byte[ImageOutput.CHUNK];
  private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
  private int position;
  private int limit;
  private long loaded;

  /**
   * @param length how many bytes from the start of the file the checksum covers
   */
  ImageInput(FileChannel channel, long length, Pacer pacer) {
    this.channel = channel;
    this.length = length;
    this.pacer = pacer;
  }

  /** Bytes consumed so far. */
  long position() {
    return loaded - (limit - position);
  }

  /**
   * Reads the rest of the checksummed part, then returns its CRC-32C: after a parse stopped short,
   * whether the file is damaged or the parser is wrong.
   */
  int crcOfAll() throws IOException {
    while (loaded < length) {
      position = limit;
      load();
    }
    position = limit;
    return (int) crc.getValue();
  }

  /** Loads the next chunk; false at the end of the checksummed part. */
  private boolean load() throws IOException {
    int keep = limit - position;
    System.arraycopy(buffer, position, buffer, 0, keep);
    position = 0;
    limit = keep;
    int want = (int) Math.min(buffer.length - keep, length - loaded);
    if (want == 0) {
      return false;
    }
    wrapped.clear().position(keep).limit(keep + want);
    while (wrapped.hasRemaining()) {
      if (channel.read(wrapped, loaded + wrapped.position() - keep) < 0) {
        throw new EOFException();
      }
    }
    crc.update(buffer, keep, want);
    limit = keep + want;
    loaded += want;
    pacer.tick();
    return true;
  }

  /** Makes {@code n} bytes (at most a chunk) available at {@link #position}. */
  private void need(int n) throws IOException {
    while (limit - position < n) {
      if (!load()) {
        throw new EOFException();
      }
    }
  }

  @Override
  public void readFully(byte[] b) throws IOException {
    readFully(b, 0, b.length);
  }

  @Override
  public void readFully(byte[] b, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      if (position == limit && !load()) {
        throw new EOFException();
      }
      int n = Math.min(len - done, limit - position);
      System.arraycopy(buffer, position, b, off + done, n);
      position += n;
      done += n;
    }
  }

  @Override
  public int skipBytes(int n) throws IOException {
    int done = 0;
    while (done < n) {
      if (position == limit && !load()) {
        break;
      }
      int step = Math.min(n - done, limit - position);
      position += step;
      done += step;
    }
    return done;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return readUnsignedByte() != 0;
  }

  @Override
  public byte readByte() throws IOException {
    need(1);
    return buffer[position++];
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return readByte() & 0xff;
  }

  @Override
  public short readShort() throws IOException {
    need(Short.BYTES);
    short v = (short) SHORT.get(buffer, position);
    position += Short.BYTES;
    return v;
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return readShort() & 0xffff;
  }

  @Override
  public char readChar() throws IOException {
    return (char) readShort();
  }

  @Override
  public int readInt() throws IOException {
    need(Integer.BYTES);
    int v = (int) INT.get(buffer, position);
    position += Integer.BYTES;
    return v;
  }

  @Override
  public long readLong() throws IOException {
    need(Long.BYTES);
    long v = (long) LONG.get(buffer, position);
    position += Long.BYTES;
    return v;
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLong());
  }

  /** Images hold no lines. */
  @Override
  public String readLine() {
    throw new UnsupportedOperationException("an image has no text lines");
  }

  @Override
  public String readUTF() throws IOException {
    return DataInputStream.readUTF(this);
  }
}
