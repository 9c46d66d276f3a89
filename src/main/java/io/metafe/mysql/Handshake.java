package io.metafe.mysql;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection phase: greeting (Handshake v10), HandshakeResponse41, an optional
 * AuthSwitchRequest towards {@code mysql_native_password}, and the password check. Sending the
 * final OK is left to the caller, because a database named in the handshake must be accepted by the
 * session first.
 */
final class Handshake {
  private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

  /**
   * The client hung up cleanly during the handshake, as port probes and health checks do: not an
   * error.
   */
  static final class Abandoned extends IOException {
    Abandoned(String message) {
      super(message);
    }
  }

  /** A client that proved its identity. */
  record Login(String user, String database) {}

  private final PacketReader reader;
  private final PacketWriter writer;
  private final PasswordStore passwords;
  private final String remoteHost;
  private final byte[] scramble = new byte[Protocol.SCRAMBLE_LENGTH];

  Handshake(
      PacketReader reader,
      PacketWriter writer,
      PasswordStore passwords,
      SecureRandom random,
      String remoteHost) {
    this.reader = reader;
    this.writer = writer;
    this.passwords = passwords;
    this.remoteHost = remoteHost;
    random.nextBytes(scramble);
    // The scramble travels inside NUL-terminated fields, so map it onto bytes 1..126, as MySQL
    // does.
    for (int i = 0; i < scramble.length; i++) {
      scramble[i] = (byte) (1 + (scramble[i] & 0x7F) % 126);
    }
  }

  /**
   * Runs the exchange. Returns the login, or null after having sent ERR 1045 for a bad user or
   * password.
   *
   * @throws ProtocolException if the client's packets are malformed or ask for something we do not
   *     offer
   */
  Login run(long connectionId, String serverVersion) throws IOException, ProtocolException {
    writer.write(greeting(connectionId, serverVersion));
    writer.flush();
    byte[] payload = reader.read();
    if (payload == null) {
      throw new Abandoned("client closed the connection during the handshake");
    }
    PayloadReader in = new PayloadReader(payload);
    int clientFlags = (int) in.int4();
    if ((clientFlags & Protocol.CLIENT_SSL) != 0 && payload.length == 32) {
      throw new ProtocolException(
          Protocol.ER_HANDSHAKE_ERROR,
          "08S01",
          "client requested SSL, which this server does not offer");
    }
    if ((clientFlags & Protocol.CLIENT_PROTOCOL_41) == 0) {
      throw new ProtocolException(
          Protocol.ER_HANDSHAKE_ERROR,
          "08S01",
          "Bad handshake: client does not speak protocol 4.1");
    }
    int flags = clientFlags & Protocol.SERVER_CAPABILITIES;
    in.int4(); // max packet size the client accepts: our replies stay small enough
    in.int1(); // client collation: statements are decoded as UTF-8 regardless
    in.skip(23, "filler");
    String user = in.nulString("user name");
    byte[] authResponse;
    if ((flags & Protocol.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
      authResponse = in.lenencBytes("auth response");
    } else if ((flags & Protocol.CLIENT_SECURE_CONNECTION) != 0) {
      authResponse = in.bytes(in.int1(), "auth response");
    } else {
      authResponse =
          in.nulString("auth response").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    String database = null;
    if ((flags & Protocol.CLIENT_CONNECT_WITH_DB) != 0 && in.remaining() > 0) {
      database = in.nulOrEofString("database");
    }
    String plugin = Protocol.NATIVE_PASSWORD;
    if ((flags & Protocol.CLIENT_PLUGIN_AUTH) != 0 && in.remaining() > 0) {
      plugin = in.nulOrEofString("auth plugin name");
    }
    if ((flags & Protocol.CLIENT_CONNECT_ATTRS) != 0 && in.remaining() > 0) {
      skipAttributes(in);
    }
    if (!plugin.isEmpty() && !plugin.equals(Protocol.NATIVE_PASSWORD)) {
      LOG.debug(
          "client {} opened with auth plugin {}, switching to {}",
          remoteHost,
          plugin,
          Protocol.NATIVE_PASSWORD);
      authResponse = switchToNative();
    }
    byte[] stored = passwords.doubleSha1(user);
    if (stored == null || !NativePassword.verify(scramble, stored, authResponse)) {
      String message =
          "Access denied for user '"
              + user
              + "'@'"
              + remoteHost
              + "' (using password: "
              + (authResponse.length > 0 ? "YES" : "NO")
              + ")";
      LOG.debug("{}", message);
      ResultEncoder.writeError(
          writer, new Response.Error(Protocol.ER_ACCESS_DENIED, "28000", message));
      writer.flush();
      return null;
    }
    return new Login(user, database == null || database.isEmpty() ? null : database);
  }

  private byte[] greeting(long connectionId, String serverVersion) {
    int caps = Protocol.SERVER_CAPABILITIES;
    return new PayloadBuilder()
        .int1(10)
        .nulString(serverVersion)
        .int4(connectionId & 0xFFFFFFFFL)
        .bytes(Arrays.copyOfRange(scramble, 0, 8))
        .int1(0)
        .int2(caps & 0xFFFF)
        .int1(Protocol.CHARSET_UTF8MB4_GENERAL_CI)
        .int2(Protocol.SERVER_STATUS_AUTOCOMMIT)
        .int2(caps >>> 16)
        .int1(Protocol.SCRAMBLE_LENGTH + 1)
        .bytes(new byte[10])
        .bytes(Arrays.copyOfRange(scramble, 8, Protocol.SCRAMBLE_LENGTH))
        .int1(0)
        .nulString(Protocol.NATIVE_PASSWORD)
        .toBytes();
  }

  private byte[] switchToNative() throws IOException, ProtocolException {
    writer.write(
        new PayloadBuilder()
            .int1(0xFE)
            .nulString(Protocol.NATIVE_PASSWORD)
            .bytes(scramble)
            .int1(0));
    writer.flush();
    byte[] response = reader.read();
    if (response == null) {
      throw new Abandoned("client closed the connection during the auth switch");
    }
    return response;
  }

  /** Connect attributes are validated for framing only; nothing in the server uses them. */
  private static void skipAttributes(PayloadReader in) throws ProtocolException {
    long total = in.lenencInt();
    if (total > in.remaining()) {
      throw ProtocolException.malformed("connect attributes longer than the packet");
    }
    int end = in.position() + (int) total;
    while (in.position() < end) {
      in.lenencBytes("attribute name");
      in.lenencBytes("attribute value");
    }
    if (in.position() != end) {
      throw ProtocolException.malformed("connect attributes overrun their length");
    }
  }
}
