package io.metafe.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.time.Clock;
import java.io.ByteArrayOutputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Server lifecycle: binding, limits, connection ids, shutdown, and payloads split across packets.
 */
class MysqlServerTest {

  @Test
  void secondServerOnSamePortFailsWithBindExceptionNamingIt() throws Exception {
    try (MysqlServer first =
        new MysqlServer(
            TestSupport.config(),
            TestSupport.PASSWORDS,
            new TestSupport.Factory(),
            Clock.system())) {
      assertThat(first.port()).isEqualTo(-1);
      first.start();
      assertThat(first.port()).isPositive();
      assertThatThrownBy(first::start).isInstanceOf(IllegalStateException.class);
      MysqlServerConfig same =
          new MysqlServerConfig(
              TestSupport.config().bindAddress(),
              first.port(),
              "8.0.33",
              10,
              1 << 20,
              Duration.ofSeconds(5));
      try (MysqlServer second =
          new MysqlServer(same, TestSupport.PASSWORDS, new TestSupport.Factory(), Clock.system())) {
        assertThatThrownBy(second::start)
            .isInstanceOf(BindException.class)
            .hasMessageContaining("127.0.0.1:" + first.port());
      }
    }
  }

  @Test
  void connectionsOverLimitGetErr1040AndIdsIncrease() throws Exception {
    MysqlServer server =
        new MysqlServer(
            TestSupport.config(2, 1 << 20, Duration.ofSeconds(5)),
            TestSupport.PASSWORDS,
            new TestSupport.Factory(),
            Clock.system());
    try {
      server.start();
      try (RawClient a = new RawClient(server.port());
          RawClient b = new RawClient(server.port())) {
        a.readGreeting();
        b.readGreeting();
        assertThat(Arrays.asList(a.connectionId, b.connectionId)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(server.openConnections()).isEqualTo(2);
        try (RawClient c = new RawClient(server.port())) {
          byte[] err = c.readPacket();
          assertThat(RawClient.errorCode(err)).isEqualTo(1040);
          assertThat(RawClient.text(err)).contains("#08004Too many connections");
          assertThat(c.readUntilClosed()).isEmpty();
        }
        assertThatThrownBy(
                () ->
                    DriverManager.getConnection(
                            "jdbc:mysql://127.0.0.1:" + server.port() + "/?user=root&password=")
                        .close())
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1040));
      }
      assertThat(TestSupport.eventually(() -> server.openConnections() == 0)).isTrue();
      try (RawClient d = new RawClient(server.port())) {
        d.readGreeting();
        assertThat(d.connectionId).isEqualTo(3);
      }
    } finally {
      server.close();
    }
  }

  @Test
  void closeEndsOpenConnectionsAndIsIdempotent() throws Exception {
    TestSupport.Factory factory = new TestSupport.Factory();
    MysqlServer server =
        new MysqlServer(TestSupport.config(), TestSupport.PASSWORDS, factory, Clock.system());
    Connection c = null;
    try {
      server.start();
      c =
          DriverManager.getConnection(
              "jdbc:mysql://127.0.0.1:" + server.port() + "/?user=root&password=");
      assertThat(server.openConnections()).isEqualTo(1);
      assertThat(Thread.getAllStackTraces().keySet())
          .anyMatch(t -> t.getName().equals("mysql-conn-1"));
      server.close();
      assertThat(server.openConnections()).isZero();
      assertThat(factory.closed.get()).isEqualTo(1);
      Connection closedConnection = c;
      assertThatThrownBy(() -> closedConnection.createStatement().executeQuery("select 1"))
          .isInstanceOf(SQLException.class);
      server.close();
    } finally {
      if (c != null) {
        c.close();
      }
      server.close();
    }
  }

  @Test
  void failingPasswordStoreOrSessionFactoryCostsOnlyThatLogin() throws Exception {
    PasswordStore passwords =
        user -> {
          if (user.equals("broken")) {
            throw new IllegalStateException("password store down");
          }
          return TestSupport.PASSWORDS.doubleSha1(user);
        };
    TestSupport.Factory ok = new TestSupport.Factory();
    SessionFactory sessions =
        info -> {
          if (info.user().equals("alice")) {
            throw new IllegalStateException("no sessions for alice");
          }
          return ok.open(info);
        };
    try (MysqlServer server =
        new MysqlServer(TestSupport.config(), passwords, sessions, Clock.system())) {
      server.start();
      try (RawClient c = new RawClient(server.port())) {
        c.readGreeting();
        c.writePacket(c.handshakeResponse("broken", new byte[0], null, Protocol.NATIVE_PASSWORD));
        byte[] err = c.readPacket();
        assertThat(RawClient.errorCode(err)).isEqualTo(1105);
        assertThat(RawClient.text(err)).contains("password store down");
      }
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                          "jdbc:mysql://127.0.0.1:"
                              + server.port()
                              + "/?user=alice&password="
                              + TestSupport.PASSWORD)
                      .close())
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getErrorCode()).isEqualTo(1105);
                assertThat(e.getMessage()).contains("no sessions for alice");
              });
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:mysql://127.0.0.1:" + server.port() + "/?user=root&password=");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select 'fine' as f")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void payloadsLargerThan16MiBAreSplitBothWays() throws Exception {
    MysqlServer server =
        new MysqlServer(
            TestSupport.config(5, 40 << 20, Duration.ofSeconds(5)),
            TestSupport.PASSWORDS,
            new TestSupport.Factory(),
            Clock.system());
    try {
      server.start();
      try (RawClient c = new RawClient(server.port()).login("root", "")) {
        c.socket.setSoTimeout(30_000);
        char[] big = new char[Protocol.MAX_PAYLOAD_CHUNK + 1000];
        Arrays.fill(big, 'x');
        String value = new String(big);
        byte[] query = ("\u0003select '" + value + "' as v").getBytes(StandardCharsets.UTF_8);
        // Send the query as a 0xFFFFFF chunk plus the remainder, as a client must.
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        new PacketWriter(wire, new Sequence()).write(query);
        c.writeRaw(wire.toByteArray());
        c.seq = 0;
        assertThat(c.readPacket()).containsExactly(1);
        c.readPacket();
        c.readPacket();
        PayloadReader row = new PayloadReader(c.readLogicalPacket());
        assertThat(row.lenencString("v")).isEqualTo(value);
        assertThat(c.readPacket()[0]).isEqualTo((byte) 0xFE);
      }
      try (Connection jdbc =
              DriverManager.getConnection(
                  "jdbc:mariadb://127.0.0.1:" + server.port() + "/?user=root&password=");
          Statement st = jdbc.createStatement();
          ResultSet rs = st.executeQuery("select 'fine' as f")) {
        assertThat(rs.next()).isTrue();
      }
    } finally {
      server.close();
    }
  }
}
