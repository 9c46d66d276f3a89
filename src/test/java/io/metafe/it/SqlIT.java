package io.metafe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DDL, loads and queries against one real FE, through MySQL Connector/J, MariaDB Connector/J and
 * the mysql CLI.
 */
class SqlIT {
  private static FeProcess fe;

  @BeforeAll
  static void start() throws Exception {
    fe = FeProcess.create(Map.of());
    fe.startOrFail();
  }

  @AfterAll
  static void stop() {
    if (fe != null) {
      fe.close();
    }
  }

  private static Connection mysql() throws SQLException {
    return DriverManager.getConnection(fe.jdbcUrl());
  }

  private static Connection mariadb() throws SQLException {
    return DriverManager.getConnection(fe.mariadbUrl());
  }

  private static List<List<String>> rows(Statement s, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void ddlLoadsAndQueriesThroughConnectorJ() throws Exception {
    try (Connection c = mysql();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE shop");
      s.execute("USE shop");
      s.execute(
          "CREATE TABLE orders (id BIGINT NOT NULL, region VARCHAR(16) NOT NULL, qty INT, price DECIMAL(10,2),"
              + " ratio DOUBLE, paid BOOLEAN DEFAULT 'false', code CHAR(3), day DATE, at DATETIME)"
              + " DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 8 PROPERTIES (\"replication_num\" = \"3\")");
      assertThat(
              s.executeUpdate(
                  "INSERT INTO orders VALUES"
                      + " (1, 'north', 5, 10.50, 0.5, true, 'abc', '2024-01-02', '2024-01-02 03:04:05'),"
                      + " (2, 'south', 3, 2.25, 1.5, false, 'xyz', '2024-02-03', '2024-02-03 04:05:06'),"
                      + " (3, 'north', 7, 1.00, NULL, true, NULL, NULL, NULL)"))
          .isEqualTo(3);
      s.executeUpdate("INSERT INTO orders (id, region) VALUES (4, 'east')");

      assertThat(rows(s, "SELECT id FROM orders WHERE region = 'north' ORDER BY id DESC"))
          .containsExactly(List.of("3"), List.of("1"));
      assertThat(
              rows(
                  s,
                  "SELECT region, COUNT(*), SUM(qty), MIN(price), MAX(price) FROM orders"
                      + " GROUP BY region ORDER BY region"))
          .containsExactly(
              Arrays.asList("east", "1", null, null, null),
              List.of("north", "2", "12", "1.00", "10.50"),
              List.of("south", "1", "3", "2.25", "2.25"));
      assertThat(rows(s, "SELECT id FROM orders ORDER BY id LIMIT 1, 2"))
          .containsExactly(List.of("2"), List.of("3"));
      assertThat(rows(s, "SELECT paid FROM orders WHERE id = 4")).containsExactly(List.of("0"));

      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, qty, price, ratio, region, day, at FROM orders WHERE id = 1")) {
        ResultSetMetaData md = rs.getMetaData();
        assertThat(md.getColumnType(1)).isEqualTo(Types.BIGINT);
        assertThat(md.getColumnType(2)).isEqualTo(Types.INTEGER);
        assertThat(md.getColumnType(3)).isEqualTo(Types.DECIMAL);
        assertThat(md.getColumnType(4)).isEqualTo(Types.DOUBLE);
        assertThat(md.getColumnType(5)).isEqualTo(Types.VARCHAR);
        assertThat(md.getColumnType(6)).isEqualTo(Types.DATE);
        assertThat(md.getColumnType(7)).isEqualTo(Types.TIMESTAMP);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
        assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(new BigDecimal("10.50"));
        assertThat(rs.getDouble(4)).isEqualTo(0.5);
        assertThat(rs.getDate(6).toString()).isEqualTo("2024-01-02");
        assertThat(rs.getTimestamp(7).toString()).isEqualTo("2024-01-02 03:04:05.0");
      }

      assertThat(rows(s, "SHOW TABLES")).containsExactly(List.of("orders"));
      assertThat(rows(s, "SHOW DATABASES")).contains(List.of("shop"));
      String ddl = rows(s, "SHOW CREATE TABLE orders").get(0).get(1);
      assertThat(ddl)
          .startsWith("CREATE TABLE `orders` (")
          .contains("`id` bigint(20) NOT NULL COMMENT \"\"")
          .contains("`price` decimal(10,2) NULL")
          .contains("`paid` boolean NULL DEFAULT \"0\"")
          .contains("DUPLICATE KEY(`id`)")
          .contains("DISTRIBUTED BY HASH(`id`) BUCKETS 8")
          .contains("\"replication_num\" = \"3\"");
      assertThat(rows(s, "DESC orders"))
          .first()
          .isEqualTo(Arrays.asList("id", "BIGINT", "NO", "true", null, ""));

      s.execute("DROP TABLE orders");
      assertThat(rows(s, "SHOW TABLES")).isEmpty();
      s.execute("DROP DATABASE shop");
      assertThat(rows(s, "SHOW DATABASES")).doesNotContain(List.of("shop"));
    }
  }

  @Test
  void mariadbConnectorSeesWhatConnectorJWrote() throws Exception {
    try (Connection c = mysql();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS shared");
      s.execute(
          "CREATE TABLE IF NOT EXISTS shared.t (k INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(k)");
      s.executeUpdate("INSERT INTO shared.t VALUES (1, 'from-connector-j')");
    }
    try (Connection c = mariadb();
        Statement s = c.createStatement()) {
      assertThat(rows(s, "SELECT v FROM shared.t WHERE k = 1"))
          .containsExactly(List.of("from-connector-j"));
      s.executeUpdate("INSERT INTO shared.t VALUES (2, 'from-mariadb')");
      assertThat(rows(s, "SELECT @@version_comment, DATABASE()").get(0).get(0))
          .startsWith("MetaFE");
    }
    FeProcess.Result cli = fe.mysqlCli("SELECT k, v FROM shared.t ORDER BY k");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.stdout()).isEqualTo("k\tv\n1\tfrom-connector-j\n2\tfrom-mariadb\n");
  }

  @Test
  void showFrontendsListsThisFeWithStarRocksColumns() throws Exception {
    try (Connection c = mysql();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW FRONTENDS")) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnLabel(i));
      }
      assertThat(names)
          .containsExactly(
              "Name",
              "IP",
              "HostName",
              "EditLogPort",
              "HttpPort",
              "QueryPort",
              "RpcPort",
              "Role",
              "IsMaster",
              "ClusterId",
              "Join",
              "Alive",
              "ReplayedJournalId",
              "LastHeartbeat",
              "IsHelper",
              "ErrMsg",
              "StartTime",
              "Version");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("Name")).isEqualTo(fe.roleFile().getProperty("name"));
      assertThat(rs.getString("IP")).isEqualTo("127.0.0.1");
      assertThat(rs.getInt("EditLogPort")).isEqualTo(fe.editLogPort());
      assertThat(rs.getInt("HttpPort")).isEqualTo(fe.httpPort());
      assertThat(rs.getInt("QueryPort")).isEqualTo(fe.queryPort());
      assertThat(rs.getInt("RpcPort")).isEqualTo(fe.rpcPort());
      assertThat(rs.getString("Role")).isEqualTo("FOLLOWER");
      assertThat(rs.getString("IsMaster")).isEqualTo("true");
      assertThat(rs.getString("ClusterId")).isEqualTo(fe.versionFile().getProperty("clusterId"));
      assertThat(rs.getString("Join")).isEqualTo("true");
      assertThat(rs.getString("Alive")).isEqualTo("true");
      assertThat(rs.getLong("ReplayedJournalId")).isPositive();
      assertThat(rs.getString("IsHelper")).isEqualTo("true");
      assertThat(rs.getString("StartTime")).isNotNull();
      assertThat(rs.next()).isFalse();
    }
    assertThat(fe.feLog()).contains("transfer from INIT to MASTER");
  }

  @Test
  void sessionStatementsThatClientsSendWork() throws Exception {
    try (Connection c = mariadb();
        Statement s = c.createStatement()) {
      s.execute("SET NAMES utf8mb4");
      s.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");
      assertThat(rows(s, "SELECT @@session.sql_mode, @@autocommit, @@max_allowed_packet"))
          .containsExactly(List.of("STRICT_ALL_TABLES", "1", "33554432"));
      assertThat(rows(s, "SHOW VARIABLES LIKE 'version_comment'").get(0).get(1))
          .startsWith("MetaFE version");
      assertThat(rows(s, "SHOW SESSION VARIABLES WHERE Variable_name = 'sql_mode'"))
          .containsExactly(List.of("sql_mode", "STRICT_ALL_TABLES"));
      assertError(s, "SET GLOBAL sql_mode = ''", 1235, "42000", "SET GLOBAL");
      assertError(
          s,
          "SET autocommit = 2",
          1231,
          "42000",
          "Variable 'autocommit' can't be set to the value of '2'");
      assertError(
          s,
          "SELECT @@no_such_variable",
          1193,
          "HY000",
          "Unknown system variable 'no_such_variable'");
    }
    FeProcess.Result cli = fe.mysqlCli("SELECT @@version_comment");
    assertThat(cli.stdout()).startsWith("@@version_comment\nMetaFE version");
  }

  @Test
  void badStatementsGetMysqlErrorCodesAndChangeNothing() throws Exception {
    try (Connection c = mysql();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS strict_db");
      s.execute(
          "CREATE TABLE IF NOT EXISTS strict_db.t (k INT NOT NULL, v VARCHAR(5), d DECIMAL(4,1))"
              + " DUPLICATE KEY(k)");
      assertError(s, "SELEC 1", 1064, "42000", "at line 1, column 1");
      assertError(s, "SELECT * FROM nowhere.t", 1049, "42000", "Unknown database 'nowhere'");
      assertError(
          s,
          "SELECT * FROM strict_db.missing",
          1146,
          "42S02",
          "Table 'strict_db.missing' doesn't exist");
      assertError(s, "SELECT * FROM t", 1046, "3D000", "No database selected");
      assertError(s, "CREATE DATABASE strict_db", 1007, "HY000", "database exists");
      assertError(s, "SELECT nope FROM strict_db.t", 1054, "42S22", "Unknown column 'nope'");
      // Each multi-row insert below has one bad row; none of its rows may land.
      assertError(
          s,
          "INSERT INTO strict_db.t VALUES (1, 'ok', 1.0), (3000000000, 'ok', 1.0)",
          1264,
          "22003",
          "Out of range value for column 'k' at row 2");
      assertError(
          s,
          "INSERT INTO strict_db.t VALUES (1, 'ok', 1.0), (2, 'toolong', 1.0)",
          1406,
          "22001",
          "Data too long for column 'v' at row 2");
      assertError(
          s,
          "INSERT INTO strict_db.t VALUES (1, 'ok', 1.0), (NULL, 'ok', 1.0)",
          1048,
          "23000",
          "Column 'k' cannot be null");
      assertError(
          s, "INSERT INTO strict_db.t VALUES (1, 'ok', 12345.6)", 1264, "22003", "column 'd'");
      assertError(
          s,
          "INSERT INTO strict_db.t VALUES ('abc', 'ok', 1.0)",
          1366,
          "HY000",
          "Incorrect integer value");
      assertError(
          s,
          "INSERT INTO strict_db.t VALUES (1, 'ok')",
          1136,
          "21S01",
          "Column count doesn't match");
      assertError(
          s,
          "INSERT INTO strict_db.t (v) VALUES ('x')",
          1364,
          "HY000",
          "Field 'k' doesn't have a default");
      assertThat(rows(s, "SELECT COUNT(*) FROM strict_db.t")).containsExactly(List.of("0"));
      FeProcess.Result cli = fe.mysqlCli("INSERT INTO strict_db.t VALUES (3000000000, 'ok', 1.0)");
      assertThat(cli.stderr())
          .contains("ERROR 1264 (22003)")
          .contains("Out of range value for column 'k' at row 1");
      assertThat(s.executeUpdate("INSERT INTO strict_db.t VALUES (1, 'ok', 1.25)")).isEqualTo(1);
      assertThat(rows(s, "SELECT k, v, d FROM strict_db.t"))
          .containsExactly(List.of("1", "ok", "1.3"));
    }
  }

  private static void assertError(
      Statement s, String sql, int code, String state, String messagePart) {
    assertThatThrownBy(() -> s.execute(sql))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getErrorCode()).as(sql).isEqualTo(code);
              // Connector/J reports every data truncation (1264, 1406) as its own
              // MysqlDataTruncation with SQLSTATE 22001; the server's own state is checked through
              // the mysql CLI below.
              if (code != 1264 && code != 1406) {
                assertThat(e.getSQLState()).as(sql).isEqualTo(state);
              }
              assertThat(e.getMessage()).as(sql).contains(messagePart);
            });
  }

  @Test
  void edgeCasesTheReviewFound() throws Exception {
    try (Connection c = mysql();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS edge");
      s.execute(
          "CREATE TABLE edge.t (id INT NOT NULL, s VARCHAR(32) DEFAULT 'CURRENT_TIMESTAMP',"
              + " at DATETIME DEFAULT CURRENT_TIMESTAMP) DUPLICATE KEY(id)");
      s.executeUpdate("INSERT INTO edge.t (id) VALUES (1)");
      List<List<String>> row = rows(s, "SELECT s, at FROM edge.t");
      assertThat(row.get(0).get(0)).isEqualTo("CURRENT_TIMESTAMP");
      assertThat(row.get(0).get(1)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
      assertThat(rows(s, "SHOW CREATE TABLE edge.t").get(0).get(1))
          .contains("`s` varchar(32) NULL DEFAULT \"CURRENT_TIMESTAMP\"")
          .contains("`at` datetime NULL DEFAULT CURRENT_TIMESTAMP");
      assertError(
          s,
          "INSERT INTO edge.t (nope) SELECT id FROM edge.t WHERE id > 100",
          1054,
          "42S22",
          "Unknown column 'nope'");
      assertError(
          s,
          "INSERT INTO edge.t SELECT id FROM edge.t WHERE id > 100",
          1136,
          "21S01",
          "value count");
      assertError(s, "SET NAMES latin1", 1235, "42000", "UTF-8 only");
    }
  }

  @Test
  void authenticationIsChecked() {
    assertThatThrownBy(
            () -> DriverManager.getConnection(fe.jdbcUrl().replace("password=", "password=wrong")))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    assertThatThrownBy(
            () -> DriverManager.getConnection(fe.jdbcUrl().replace("user=root", "user=mallory")))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
  }

  @Test
  void mysqlCliReportsErrorsWithCodeAndExitStatus() {
    FeProcess.Result ok = fe.mysqlCli("SELECT 1 + 1 AS two");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.stdout()).isEqualTo("two\n2\n");
    FeProcess.Result bad = fe.mysqlCli("SELECT * FROM no_such_db.t");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr())
        .contains("ERROR 1049 (42000)")
        .contains("Unknown database 'no_such_db'");
  }
}
