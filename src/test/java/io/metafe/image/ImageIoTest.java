package io.metafe.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.records.Wire;
import io.metafe.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageOutput and ImageInput against the DataOutputStream encoding the image format was defined by.
 */
class ImageIoTest {
  @TempDir Path dir;

  private static final String LONG_ASCII = "x".repeat(3 * ImageOutput.CHUNK + 17);

  /** Every field kind, and strings on both sides of the ASCII fast path, across chunk borders. */
  private static void fields(DataOutput out) throws IOException {
    for (int i = 0; i < 20_000; i++) {
      out.writeByte(i);
      out.writeShort(i * 7);
      out.writeInt(i * 1_000_003);
      out.writeLong(i * 0x1234_5678_9abL);
      out.writeDouble(i / 3.0);
      out.writeFloat(i / 7f);
      out.writeBoolean(i % 2 == 0);
      out.writeChar('a' + i % 26);
      Wire.writeString(out, "row-value-" + i);
    }
    for (String s : new String[] {"", "é", "日本語", "a\uD800b", "\uDBFF\uDFFF", LONG_ASCII}) {
      Wire.writeString(out, s);
    }
    out.write(new byte[ImageOutput.CHUNK * 2 + 5]);
    out.writeUTF("modified ütf");
    out.writeBytes("low bytes");
    out.writeChars("chars");
  }

  private static byte[] reference() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    fields(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private Path written() throws IOException {
    Path file = dir.resolve("out");
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ImageOutput out = new ImageOutput(ch, Pacer.unpaced(Clock.system()));
      fields(out);
      ImageOutput.Checksummed sum = out.endChecksummed();
      byte[] expected = reference();
      CRC32C crc = new CRC32C();
      crc.update(expected);
      assertThat(sum.length()).isEqualTo(expected.length);
      assertThat(sum.crc()).isEqualTo((int) crc.getValue());
      out.flush();
    }
    return file;
  }

  @Test
  void theOutputWritesTheBytesDataOutputStreamWrites() throws Exception {
    assertThat(Files.readAllBytes(written())).isEqualTo(reference());
  }

  @Test
  void theInputReadsThemBackAndChecksumsThemAll() throws Exception {
    Path file = written();
    byte[] bytes = reference();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ImageInput in = new ImageInput(ch, bytes.length, Pacer.unpaced(Clock.system()));
      for (int i = 0; i < 20_000; i++) {
        assertThat(in.readByte()).isEqualTo((byte) i);
        assertThat(in.readUnsignedShort()).isEqualTo((i * 7) & 0xffff);
        assertThat(in.readInt()).isEqualTo(i * 1_000_003);
        assertThat(in.readLong()).isEqualTo(i * 0x1234_5678_9abL);
        assertThat(in.readDouble()).isEqualTo(i / 3.0);
        assertThat(in.readFloat()).isEqualTo(i / 7f);
        assertThat(in.readBoolean()).isEqualTo(i % 2 == 0);
        assertThat(in.readChar()).isEqualTo((char) ('a' + i % 26));
        assertThat(Wire.readString(in)).isEqualTo("row-value-" + i);
      }
      assertThat(Wire.readString(in)).isEmpty();
      assertThat(Wire.readString(in)).isEqualTo("é");
      assertThat(Wire.readString(in)).isEqualTo("日本語");
      assertThat(Wire.readString(in))
          .isEqualTo("a?b"); // as String.getBytes encodes a lone surrogate
      assertThat(Wire.readString(in)).isEqualTo("\uDBFF\uDFFF");
      assertThat(Wire.readString(in)).isEqualTo(LONG_ASCII);
      Wire.skipFully(in, ImageOutput.CHUNK * 2 + 5);
      assertThat(in.readUTF()).isEqualTo("modified ütf");
      assertThat(in.position()).isEqualTo(bytes.length - "low bytes".length() - 10);
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      assertThat(in.crcOfAll()).isEqualTo((int) crc.getValue());
      assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void theInputEndsWhereTheChecksumEndsEvenIfTheFileGoesOn() throws Exception {
    Path file = written();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ImageInput in = new ImageInput(ch, 3, Pacer.unpaced(Clock.system()));
      in.readShort();
      assertThatThrownBy(in::readShort).isInstanceOf(EOFException.class);
      assertThat(in.skipBytes(10)).isEqualTo(1);
    }
  }
}
