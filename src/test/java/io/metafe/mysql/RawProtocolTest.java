package io.metafe.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.time.Clock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-made byte streams: each misbehaving client must lose only its own connection, while a JDBC
 * connection opened beforehand keeps working.
 */
class RawProtocolTest {
  private TestSupport.Factory factory;
  private MysqlServer server;
  private Connection witness;

  @BeforeEach
  void start() throws Exception {
    factory = new TestSupport.Factory();
    server =
        new MysqlServer(
            TestSupport.config(50, 1 << 20, Duration.ofMillis(700)),
            TestSupport.PASSWORDS,
            factory,
            Clock.system());
    server.start();
    witness =
        DriverManager.getConnection(
            "jdbc:mariadb://127.0.0.1:" + server.port() + "/?user=root&password=");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      witness.close();
    } finally {
      server.close();
    }
  }

  private void assertWitnessWorks() throws Exception {
    try (Statement st = witness.createStatement();
        ResultSet rs = st.executeQuery("select 'ok' as state")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }

  private static byte[] header(int length, int seq) {
    return new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) seq};
  }

  @Test
  void oversizedHeaderDuringHandshakeGetsErr1153AndClose() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      c.writeRaw(header(0xFFFFFF, 1));
      byte[] rest = c.readUntilClosed();
      assertThat(RawClient.errorCode(RawClient.firstPacket(rest))).isEqualTo(1153);
    }
    assertWitnessWorks();
  }

  @Test
  void oversizedCommandAfterLoginGetsErr1153AndClose() throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      c.writeRaw(header(2 << 20, 0));
      c.writeRaw(new byte[100]);
      byte[] rest = c.readUntilClosed();
      assertThat(RawClient.errorCode(RawClient.firstPacket(rest))).isEqualTo(1153);
    }
    assertThat(TestSupport.eventually(() -> factory.closed.get() == 1)).isTrue();
    assertWitnessWorks();
  }

  @Test
  void garbageInsteadOfHandshakeResponseIsDropped() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      c.writeRaw("GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] rest = c.readUntilClosed();
      assertThat(RawClient.errorCode(RawClient.firstPacket(rest))).isEqualTo(1156);
    }
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      c.writePacket("not a handshake".getBytes(StandardCharsets.US_ASCII));
      byte[] rest = c.readUntilClosed();
      assertThat(RawClient.errorCode(RawClient.firstPacket(rest))).isIn(1043, 1047);
    }
    assertThat(factory.opened).hasSize(1); // only the witness
    assertWitnessWorks();
  }

  @Test
  void malformedHandshakeFieldsAreDropped() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      byte[] good = c.handshakeResponse("root", new byte[0], null, Protocol.NATIVE_PASSWORD);
      // Cut inside the user name: no NUL terminator left.
      c.writePacket(Arrays.copyOf(good, 34));
      byte[] rest = c.readUntilClosed();
      assertThat(RawClient.errorCode(RawClient.firstPacket(rest))).isEqualTo(1047);
    }
    assertWitnessWorks();
  }

  @Test
  void truncatedPacketClosesConnection() throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      c.writeRaw(header(100, 0));
      c.writeRaw(new byte[] {3, 's', 'e', 'l'});
      c.socket.shutdownOutput();
      c.readUntilClosed();
    }
    assertThat(TestSupport.eventually(() -> factory.closed.get() == 1)).isTrue();
    assertWitnessWorks();
  }

  @Test
  void silentClientIsClosedAfterHandshakeTimeout() throws Exception {
    long start = System.nanoTime();
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      assertThat(server.openConnections()).isEqualTo(2);
      c.readUntilClosed();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(600), Duration.ofSeconds(4));
    assertThat(TestSupport.eventually(() -> server.openConnections() == 1)).isTrue();
    assertWitnessWorks();
  }

  @Test
  void clientStallingMidPacketIsClosedAfterHandshakeTimeout() throws Exception {
    long start = System.nanoTime();
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      c.writeRaw(header(80, 1));
      for (int i = 0; i < 3; i++) { // trickling bytes must not extend the deadline
        c.writeRaw(new byte[] {1});
        Thread.sleep(300);
      }
      c.readUntilClosed();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(600), Duration.ofSeconds(4));
    assertWitnessWorks();
  }

  @Test
  void wrongSequenceAfterLoginIsDropped() throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      c.seq = 5;
      c.writePacket(new byte[] {Protocol.COM_PING});
      byte[] rest = c.readUntilClosed();
      assertThat(RawClient.errorCode(RawClient.firstPacket(rest))).isEqualTo(1156);
    }
    assertWitnessWorks();
  }

  @Test
  void sslRequestIsRefused() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      assertThat(c.serverCapabilities & Protocol.CLIENT_SSL).isZero();
      byte[] ssl =
          new PayloadBuilder()
              .int4(RawClient.CLIENT_FLAGS | Protocol.CLIENT_SSL)
              .int4(1 << 24)
              .int1(45)
              .bytes(new byte[23])
              .toBytes();
      c.writePacket(ssl);
      c.readUntilClosed();
    }
    assertWitnessWorks();
  }

  @Test
  void unknownCommandKeepsConnection() throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      byte[] err = c.command(0x10, ""); // COM_CONNECT: internal to MySQL, never valid from a client
      assertThat(RawClient.errorCode(err)).isEqualTo(1047);
      assertThat(RawClient.text(err)).contains("08S01").endsWith("Unknown command");
      assertThat(c.command(Protocol.COM_PING, "")[0]).isEqualTo((byte) 0);
      String stats = RawClient.text(c.command(Protocol.COM_STATISTICS, ""));
      assertThat(stats).startsWith("Uptime: ").contains("Threads: 2");
    }
    assertWitnessWorks();
  }

  @Test
  void greetingAdvertisesOnlyWhatIsImplemented() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      assertThat(c.serverCapabilities).isEqualTo(Protocol.SERVER_CAPABILITIES);
      assertThat(c.serverCapabilities & (1 << 24)).as("CLIENT_DEPRECATE_EOF").isZero();
      assertThat(c.serverCapabilities & (1 << 5)).as("CLIENT_COMPRESS").isZero();
      assertThat(c.authPlugin).isEqualTo("mysql_native_password");
      assertThat(c.serverVersion).isEqualTo("8.0.33-metafe-test");
      assertThat(c.connectionId).isEqualTo(2); // the witness was 1
    }
  }

  @Test
  void authSwitchFromAnotherPluginUsesSameScramble() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      c.writePacket(c.handshakeResponse("alice", new byte[32], null, "caching_sha2_password"));
      PayloadReader sw = new PayloadReader(c.readPacket());
      assertThat(sw.int1()).isEqualTo(0xFE);
      assertThat(sw.nulString("plugin")).isEqualTo("mysql_native_password");
      assertThat(sw.bytes(20, "scramble")).isEqualTo(c.scramble);
      c.writePacket(NativePassword.scramble(c.scramble, TestSupport.PASSWORD));
      assertThat(c.readPacket()[0]).isEqualTo((byte) 0);
      assertThat(c.lastSeq).isEqualTo(4);
    }
    try (RawClient c = new RawClient(server.port())) {
      c.readGreeting();
      c.writePacket(c.handshakeResponse("alice", new byte[32], null, "caching_sha2_password"));
      c.readPacket();
      c.writePacket(NativePassword.scramble(c.scramble, "not it"));
      byte[] err = c.readPacket();
      assertThat(RawClient.errorCode(err)).isEqualTo(1045);
      assertThat(RawClient.text(err)).contains("#28000").contains("(using password: YES)");
      assertThat(c.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void fieldListSendsColumnDefinitionsThenEof() throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      PayloadReader def = new PayloadReader(c.command(Protocol.COM_FIELD_LIST, "t\0"));
      assertThat(def.lenencString("catalog")).isEqualTo("def");
      assertThat(def.lenencString("schema")).isEqualTo("db");
      assertThat(def.lenencString("table")).isEqualTo("t");
      def.lenencString("org_table");
      assertThat(def.lenencString("name")).isEqualTo("id");
      def.lenencString("org_name");
      assertThat(def.lenencInt()).isEqualTo(0x0C);
      assertThat(def.int2()).isEqualTo(63);
      assertThat(def.int4()).isEqualTo(20);
      assertThat(def.int1()).isEqualTo(FieldType.LONGLONG.code());
      int flags = def.int2();
      assertThat(flags & Protocol.NOT_NULL_FLAG).isNotZero();
      assertThat(flags & Protocol.NUM_FLAG).isNotZero();
      def.int1();
      def.int2();
      assertThat(def.int1()).as("no default value").isEqualTo(0xFB);
      assertThat(c.readPacket()).startsWith(0x03, 'd', 'e', 'f');
      byte[] eof = c.readPacket();
      assertThat(eof).hasSize(5).startsWith(0xFE);
      assertThat(RawClient.errorCode(c.command(Protocol.COM_FIELD_LIST, "nope\0"))).isEqualTo(1146);
    }
  }

  @Test
  void initDbAndQuit() throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      assertThat(c.command(Protocol.COM_INIT_DB, "shop")[0]).isEqualTo((byte) 0);
      assertThat(RawClient.errorCode(c.command(Protocol.COM_INIT_DB, "nosuchdb"))).isEqualTo(1049);
      assertThat(c.command(Protocol.COM_QUERY, "select database()")).containsExactly(1);
      c.readPacket(); // column definition
      assertThat(c.readPacket()[0]).isEqualTo((byte) 0xFE);
      PayloadReader row = new PayloadReader(c.readPacket());
      assertThat(row.lenencString("value")).isEqualTo("shop");
      assertThat(c.readPacket()[0]).isEqualTo((byte) 0xFE);
      c.seq = 0;
      c.writePacket(new byte[] {Protocol.COM_QUIT});
      assertThat(c.readUntilClosed()).isEmpty();
    }
    assertThat(TestSupport.eventually(() -> factory.closed.get() == 1)).isTrue();
  }

  @Test
  void nullValuesAreEncodedAs0xFB() throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      assertThat(c.command(Protocol.COM_QUERY, "select null as n, 'a' as s")).containsExactly(2);
      c.readPacket();
      c.readPacket();
      c.readPacket();
      assertThat(c.readPacket()).containsExactly(0xFB, 1, 'a');
      assertThat(c.readPacket()).containsExactly(0xFE, 0, 0, 2, 0);
    }
  }

  @Test
  void preparedStatementCommandsWithBadHandlesOrPacketsGetErrorsAndKeepTheConnection()
      throws Exception {
    try (RawClient c = new RawClient(server.port()).login("root", "")) {
      byte[] unknown =
          new PayloadBuilder().int1(Protocol.COM_STMT_EXECUTE).int4(77).int1(0).int4(1).toBytes();
      c.seq = 0;
      c.writePacket(unknown);
      byte[] err = c.readPacket();
      assertThat(RawClient.errorCode(err)).isEqualTo(1243);
      assertThat(RawClient.text(err)).contains("Unknown prepared statement handler (77)");
      // COM_STMT_CLOSE and SEND_LONG_DATA are never answered, even for unknown statements: the next
      // reply is PING's.
      c.seq = 0;
      c.writePacket(new PayloadBuilder().int1(Protocol.COM_STMT_CLOSE).int4(77).toBytes());
      c.seq = 0;
      c.writePacket(
          new PayloadBuilder()
              .int1(Protocol.COM_STMT_SEND_LONG_DATA)
              .int4(77)
              .int2(0)
              .int1('x')
              .toBytes());
      assertThat(c.command(Protocol.COM_PING, "")[0]).isEqualTo((byte) 0);
      byte[] reset = new PayloadBuilder().int1(Protocol.COM_STMT_RESET).int4(77).toBytes();
      c.seq = 0;
      c.writePacket(reset);
      assertThat(RawClient.errorCode(c.readPacket())).isEqualTo(1243);
      // Packets too short for their header: errors or silence, and the connection goes on.
      c.seq = 0;
      c.writePacket(new PayloadBuilder().int1(Protocol.COM_STMT_EXECUTE).int2(1).toBytes());
      assertThat(RawClient.errorCode(c.readPacket())).isEqualTo(1210);
      c.seq = 0;
      c.writePacket(new PayloadBuilder().int1(Protocol.COM_STMT_CLOSE).int1(1).toBytes());
      c.seq = 0;
      c.writePacket(new PayloadBuilder().int1(Protocol.COM_STMT_SEND_LONG_DATA).int2(1).toBytes());
      c.seq = 0;
      c.writePacket(new PayloadBuilder().int1(Protocol.COM_STMT_RESET).toBytes());
      assertThat(RawClient.errorCode(c.readPacket())).isEqualTo(1210);
      // The test session prepares nothing: its refusal arrives as an error, and the connection goes
      // on.
      assertThat(RawClient.errorCode(c.command(Protocol.COM_STMT_PREPARE, "SELECT ?")))
          .isEqualTo(1295);
      assertThat(RawClient.errorCode(c.command(Protocol.COM_STMT_FETCH, ""))).isEqualTo(1047);
      assertThat(c.command(Protocol.COM_PING, "")[0]).isEqualTo((byte) 0);
    }
    assertWitnessWorks();
  }
}
