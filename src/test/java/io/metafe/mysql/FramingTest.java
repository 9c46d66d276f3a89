package io.metafe.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Packet framing, data type encodings and the password check, without sockets where possible. */
class FramingTest {

  @Test
  void payloadOfExactlyMaxChunkIsFollowedByEmptyPacketAndReassembled() throws Exception {
    byte[] payload = new byte[Protocol.MAX_PAYLOAD_CHUNK];
    Arrays.fill(payload, (byte) 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PacketWriter(out, new Sequence()).write(payload);
    byte[] wire = out.toByteArray();
    assertThat(wire).hasSize(payload.length + 8);
    assertThat(Arrays.copyOfRange(wire, wire.length - 4, wire.length)).containsExactly(0, 0, 0, 1);

    PacketReader reader =
        new PacketReader(
            new ByteArrayInputStream(wire), null, new Sequence(), 1 << 25, Clock.system());
    assertThat(reader.read()).isEqualTo(payload);
    assertThat(reader.read()).isNull();
  }

  @Test
  void splitPayloadOverLimitIsRejectedBeforeReadingIt() throws Exception {
    byte[] payload = new byte[Protocol.MAX_PAYLOAD_CHUNK + 10];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PacketWriter(out, new Sequence()).write(payload);
    PacketReader reader =
        new PacketReader(
            new ByteArrayInputStream(out.toByteArray()),
            null,
            new Sequence(),
            Protocol.MAX_PAYLOAD_CHUNK + 9,
            Clock.system());
    assertThatThrownBy(reader::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("max_allowed_packet");
  }

  @Test
  void truncatedStreamIsEofException() {
    byte[] wire = {10, 0, 0, 0, 1, 2, 3};
    PacketReader reader =
        new PacketReader(
            new ByteArrayInputStream(wire), null, new Sequence(), 1024, Clock.system());
    assertThatThrownBy(reader::read).isInstanceOf(EOFException.class);
    PacketReader headerOnly =
        new PacketReader(
            new ByteArrayInputStream(new byte[] {10, 0}),
            null,
            new Sequence(),
            1024,
            Clock.system());
    assertThatThrownBy(headerOnly::read).isInstanceOf(EOFException.class);
  }

  @Test
  void lengthEncodedIntegersRoundTrip() throws Exception {
    long[] values = {0, 250, 251, 0xFFFF, 0x10000, 0xFFFFFF, 0x1000000, Long.MAX_VALUE};
    PayloadBuilder b = new PayloadBuilder();
    for (long v : values) {
      b.lenencInt(v);
    }
    PayloadReader r = new PayloadReader(b.toBytes());
    for (long v : values) {
      assertThat(r.lenencInt()).isEqualTo(v);
    }
    assertThat(r.remaining()).isZero();
    assertThat(new PayloadBuilder().lenencInt(251).toBytes()).containsExactly(0xFC, 251, 0);
  }

  @Test
  void readerRejectsTruncatedFields() {
    assertThatThrownBy(() -> new PayloadReader(new byte[] {(byte) 0xFC, 1}).lenencInt())
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> new PayloadReader(new byte[] {5, 'a'}).lenencBytes("x"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> new PayloadReader(new byte[] {'a', 'b'}).nulString("x"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void nativePasswordVerification() {
    byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    byte[] stored = PasswordStore.doubleSha1Of("pw");
    assertThat(stored).hasSize(20);
    assertThat(NativePassword.verify(scramble, stored, NativePassword.scramble(scramble, "pw")))
        .isTrue();
    assertThat(NativePassword.verify(scramble, stored, NativePassword.scramble(scramble, "px")))
        .isFalse();
    assertThat(NativePassword.verify(scramble, stored, new byte[0])).isFalse();
    byte[] otherScramble = "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII);
    assertThat(
            NativePassword.verify(scramble, stored, NativePassword.scramble(otherScramble, "pw")))
        .isFalse();
    assertThat(NativePassword.verify(scramble, new byte[0], new byte[0])).isTrue();
    assertThat(NativePassword.verify(scramble, new byte[0], new byte[20])).isFalse();
    assertThat(PasswordStore.doubleSha1Of("")).isEmpty();
  }

  @Test
  void responseRecordsValidate() {
    assertThatThrownBy(
            () ->
                Response.resultSet(
                    java.util.List.of(ColumnMeta.of("a", FieldType.LONG)),
                    java.util.List.of(java.util.List.of("1", "2"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Response.Error(1, "bad", null).sqlState()).isEqualTo("HY000");
    assertThat(FieldType.ofCode(246)).isEqualTo(FieldType.NEWDECIMAL);
    assertThat(FieldType.VAR_STRING.usesBinaryCharset()).isFalse();
    assertThat(FieldType.DATETIME.usesBinaryCharset()).isTrue();
    assertThatThrownBy(() -> TestSupport.config(0, 1 << 20, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
