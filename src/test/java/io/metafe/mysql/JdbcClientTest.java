package io.metafe.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.time.Clock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MySQL Connector/J and MariaDB Connector/J against a real server. */
class JdbcClientTest {
  private TestSupport.Factory factory;
  private MysqlServer server;

  @BeforeEach
  void start() throws Exception {
    factory = new TestSupport.Factory();
    server = new MysqlServer(TestSupport.config(), TestSupport.PASSWORDS, factory, Clock.system());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect(String driver, String database, String user, String password)
      throws SQLException {
    String url =
        "jdbc:"
            + driver
            + "://127.0.0.1:"
            + server.port()
            + "/"
            + database
            + "?user="
            + user
            + "&password="
            + password
            + "&connectTimeout=5000&socketTimeout=10000";
    return DriverManager.getConnection(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void connectsWithEmptyPasswordAndQueries(String driver) throws Exception {
    try (Connection c = connect(driver, "", "root", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("1");
      assertThat(rs.next()).isFalse();
      assertThat(c.isValid(2)).isTrue();
    }
    assertThat(factory.opened).hasSize(1);
    assertThat(factory.opened.get(0).user()).isEqualTo("root");
    assertThat(factory.opened.get(0).remoteAddress()).startsWith("127.0.0.1:");
    assertThat(TestSupport.eventually(() -> factory.closed.get() == 1)).isTrue();
    assertThat(TestSupport.eventually(() -> server.openConnections() == 0)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void connectsWithCorrectPassword(String driver) throws Exception {
    try (Connection c = connect(driver, "", "alice", TestSupport.PASSWORD);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select 'hi' as greeting")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("greeting")).isEqualTo("hi");
    }
  }

  /** Connector/J opening with caching_sha2_password must be switched to mysql_native_password. */
  @ParameterizedTest
  @ValueSource(strings = {"s3cret!", ""})
  void connectorJFollowsAuthSwitch(String password) throws Exception {
    String user = password.isEmpty() ? "root" : "alice";
    String url =
        "jdbc:mysql://127.0.0.1:"
            + server.port()
            + "/?user="
            + user
            + "&password="
            + password
            + "&defaultAuthenticationPlugin=caching_sha2_password&allowPublicKeyRetrieval=true";
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select 'switched' as s")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("switched");
    }
    String wrong =
        "jdbc:mysql://127.0.0.1:"
            + server.port()
            + "/?user=alice&password=nope"
            + "&defaultAuthenticationPlugin=caching_sha2_password&allowPublicKeyRetrieval=true";
    assertThatThrownBy(() -> DriverManager.getConnection(wrong).close())
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void rejectsWrongPasswordUnknownUserAndMissingPassword(String driver) {
    assertThatThrownBy(() -> connect(driver, "", "alice", "wrong").close())
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(1045);
              assertThat(e.getMessage())
                  .contains("Access denied for user 'alice'@'127.0.0.1' (using password: YES)");
            });
    assertThatThrownBy(() -> connect(driver, "", "alice", "").close())
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(1045);
              assertThat(e.getMessage()).contains("using password: NO");
            });
    assertThatThrownBy(() -> connect(driver, "", "mallory", "x").close())
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    assertThatThrownBy(() -> connect(driver, "", "root", "notempty").close())
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    assertThat(factory.opened).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void decodesTypedColumns(String driver) throws Exception {
    try (Connection c = connect(driver, "", "root", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select typed")) {
      ResultSetMetaData md = rs.getMetaData();
      assertThat(md.getColumnCount()).isEqualTo(6);
      assertThat(md.getColumnType(1)).isEqualTo(Types.BIGINT);
      assertThat(md.getColumnType(2)).isEqualTo(Types.DOUBLE);
      assertThat(md.getColumnType(3)).isEqualTo(Types.DECIMAL);
      assertThat(md.getColumnType(4)).isEqualTo(Types.TIMESTAMP);
      assertThat(md.getColumnType(5)).isEqualTo(Types.VARCHAR);
      assertThat(md.getColumnLabel(1)).isEqualTo("id");
      assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
      assertThat(md.isNullable(2)).isEqualTo(ResultSetMetaData.columnNullable);

      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong("id")).isEqualTo(42L);
      assertThat(rs.getDouble("ratio")).isEqualTo(2.5);
      assertThat(rs.getBigDecimal("price")).isEqualByComparingTo(new BigDecimal("12345.67"));
      assertThat(rs.getTimestamp("created")).isEqualTo(Timestamp.valueOf("2024-01-02 03:04:05"));
      assertThat(rs.getString("name")).isEqualTo("héllo ☃");
      assertThat(rs.getString("nothing")).isNull();
      assertThat(rs.wasNull()).isTrue();

      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(-9_000_000_000L);
      assertThat(rs.wasNull()).isFalse();
      assertThat(rs.getDouble(2)).isEqualTo(-0.125);
      assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("0.01");
      assertThat(rs.getTimestamp(4)).isEqualTo(Timestamp.valueOf("1999-12-31 23:59:59"));
      assertThat(rs.getString(5)).isEmpty();
      assertThat(rs.getString(6)).isEqualTo("x");
      assertThat(rs.next()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void reportsSessionErrorsAndKeepsConnection(String driver) throws Exception {
    try (Connection c = connect(driver, "", "root", "");
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("select missing"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getErrorCode()).isEqualTo(1146);
                assertThat(e.getSQLState()).isEqualTo("42S02");
                assertThat(e.getMessage()).contains("Table 'x' doesn't exist");
              });
      assertThatThrownBy(() -> st.executeQuery("select boom"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getErrorCode()).isEqualTo(1105);
                assertThat(e.getSQLState()).isEqualTo("HY000");
                assertThat(e.getMessage()).contains("boom from session");
              });
      assertThat(st.executeUpdate("insert into t values (1)")).isEqualTo(3);
      try (ResultSet rs = st.executeQuery("select 'still' as alive")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("still");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void appliesDatabaseFromUrlAndRejectsUnknownOne(String driver) throws Exception {
    try (Connection c = connect(driver, "shop", "root", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select database()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("shop");
      c.setCatalog("other");
      // A fresh statement: Connector/J re-selects the database a statement was created under.
      try (Statement st2 = c.createStatement();
          ResultSet rs2 = st2.executeQuery("select database()")) {
        assertThat(rs2.next()).isTrue();
        assertThat(rs2.getString(1)).isEqualTo("other");
      }
    }
    assertThatThrownBy(() -> connect(driver, "nosuchdb", "root", "").close())
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
  }
}
