package io.metafe.mysql;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Speaks the protocol by hand, so tests can send exactly the bytes they want. */
final class RawClient implements AutoCloseable {
  static final int CLIENT_FLAGS =
      Protocol.CLIENT_LONG_PASSWORD
          | Protocol.CLIENT_PROTOCOL_41
          | Protocol.CLIENT_SECURE_CONNECTION
          | Protocol.CLIENT_PLUGIN_AUTH
          | Protocol.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA
          | Protocol.CLIENT_CONNECT_ATTRS
          | Protocol.CLIENT_CONNECT_WITH_DB
          | Protocol.CLIENT_TRANSACTIONS;

  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  int seq;
  int lastSeq;
  long connectionId;
  byte[] scramble;
  int serverCapabilities;
  String serverVersion;
  String authPlugin;

  RawClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(5_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  byte[] readPacket() throws IOException {
    byte[] header = new byte[4];
    in.readFully(header);
    int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
    lastSeq = header[3] & 0xFF;
    seq = lastSeq + 1;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return payload;
  }

  /** Reads one logical packet, joining 0xFFFFFF-byte chunks. */
  byte[] readLogicalPacket() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (true) {
      byte[] chunk = readPacket();
      all.write(chunk);
      if (chunk.length < 0xFFFFFF) {
        return all.toByteArray();
      }
    }
  }

  void writePacket(byte[] payload) throws IOException {
    byte[] header = {
      (byte) payload.length,
      (byte) (payload.length >>> 8),
      (byte) (payload.length >>> 16),
      (byte) seq++
    };
    out.write(header);
    out.write(payload);
    out.flush();
  }

  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void readGreeting() throws IOException, ProtocolException {
    PayloadReader r = new PayloadReader(readPacket());
    if (r.int1() != 10) {
      throw new IOException("not a v10 greeting");
    }
    serverVersion = r.nulString("version");
    connectionId = r.int4();
    byte[] part1 = r.bytes(8, "scramble1");
    r.int1();
    int capsLow = r.int2();
    r.int1();
    r.int2();
    serverCapabilities = capsLow | r.int2() << 16;
    int authLen = r.int1();
    r.skip(10, "reserved");
    byte[] part2 = r.bytes(Math.max(13, authLen - 8) - 1, "scramble2");
    r.int1();
    authPlugin = r.nulString("plugin");
    scramble = new byte[20];
    System.arraycopy(part1, 0, scramble, 0, 8);
    System.arraycopy(part2, 0, scramble, 8, 12);
  }

  byte[] handshakeResponse(String user, byte[] auth, String database, String plugin) {
    PayloadBuilder b =
        new PayloadBuilder()
            .int4(CLIENT_FLAGS)
            .int4(1 << 24)
            .int1(45)
            .bytes(new byte[23])
            .nulString(user)
            .lenencInt(auth.length)
            .bytes(auth)
            .nulString(database == null ? "" : database)
            .nulString(plugin);
    PayloadBuilder attrs =
        new PayloadBuilder().lenencString("_client_name").lenencString("raw-test");
    byte[] a = attrs.toBytes();
    return b.lenencInt(a.length).bytes(a).toBytes();
  }

  /** Greeting, native-password login, OK. */
  RawClient login(String user, String password) throws Exception {
    readGreeting();
    writePacket(
        handshakeResponse(
            user, NativePassword.scramble(scramble, password), null, Protocol.NATIVE_PASSWORD));
    byte[] reply = readPacket();
    if ((reply[0] & 0xFF) != 0) {
      throw new IOException("login failed: " + text(reply));
    }
    return this;
  }

  /** Sends a command with sequence 0 and returns the first reply packet. */
  byte[] command(int command, String argument) throws IOException {
    seq = 0;
    byte[] arg = argument.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[arg.length + 1];
    payload[0] = (byte) command;
    System.arraycopy(arg, 0, payload, 1, arg.length);
    writePacket(payload);
    return readPacket();
  }

  /**
   * Reads whatever the server still sends and returns it once the server has closed the connection.
   */
  byte[] readUntilClosed() throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (java.net.SocketException e) {
        return rest.toByteArray(); // reset by the server also counts as closed
      }
      if (n < 0) {
        return rest.toByteArray();
      }
      rest.write(buf, 0, n);
    }
  }

  static int errorCode(byte[] payload) {
    if ((payload[0] & 0xFF) != 0xFF) {
      throw new AssertionError("not an ERR packet: " + Arrays.toString(Arrays.copyOf(payload, 8)));
    }
    return (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
  }

  /** The first packet in {@code bytes} (header included), as a payload. */
  static byte[] firstPacket(byte[] bytes) throws EOFException {
    if (bytes.length < 4) {
      throw new EOFException("no packet in " + bytes.length + " bytes");
    }
    int length = (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16;
    return Arrays.copyOfRange(bytes, 4, 4 + length);
  }

  static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
