package io.metafe.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client compatibility suite: the tools users already have, each with its default settings,
 * against one real FE. PyMySQL and Node's mysql2 run scripts from src/test/clients (installed by
 * test.sh); mysqldump, mysqlslap and the mysql CLI come from Debian's mariadb-client.
 */
class ClientsIT {
  private static final Path CLIENTS = Path.of("src", "test", "clients");
  private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
  private static FeProcess fe;

  @BeforeAll
  static void start() {
    fe = FeProcess.create(Map.of());
    fe.startOrFail();
  }

  @AfterAll
  static void stop() {
    if (fe != null) {
      fe.close();
    }
  }

  private static FeProcess.Result client(String... cmd) {
    FeProcess.Result r = FeProcess.runClient(List.of(cmd), CLIENT_TIMEOUT);
    System.out.println(String.join(" ", cmd) + " ->\n" + r.output());
    return r;
  }

  @Test
  void pymysqlWithDefaultSettingsCommitsRollsBackAndDiscardsFailedTransactions() {
    // Debian's python3-pymysql lives beside Debian's own python3, whatever python3 comes first on
    // PATH.
    FeProcess.Result r =
        client(
            "/usr/bin/python3",
            CLIENTS.resolve("pymysql_transactions.py").toString(),
            fe.host(),
            Integer.toString(fe.queryPort()));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains(
            "ok commit makes all rows visible",
            "ok rollback hides the row",
            "ok a transaction whose second statement failed and was rolled back leaves nothing",
            "all checks passed");
  }

  @Test
  void nodeMysql2ReturnsTheSameValuesThroughPreparedAndTextQueries() {
    FeProcess.Result r =
        client(
            "node",
            CLIENTS.resolve("mysql2_prepared.js").toString(),
            fe.host(),
            Integer.toString(fe.queryPort()));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains(
            "ok execute() and query() return the same values",
            "ok JavaScript types",
            "all checks passed");
  }

  /** Every table's DESC and every row, in a fixed order, as text. */
  private static List<String> snapshot(Statement s, String db) throws SQLException {
    List<String> out = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SHOW TABLES FROM " + db)) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    for (String t : tables) {
      out.add("table " + t);
      for (String sql :
          List.of("DESC " + db + "." + t, "SELECT * FROM " + db + "." + t + " ORDER BY 1, 2")) {
        try (ResultSet rs = s.executeQuery(sql)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              row.append(i == 1 ? "" : " | ").append(rs.getString(i));
            }
            out.add(row.toString());
          }
        }
      }
    }
    return out;
  }

  @Test
  void aMysqldumpRoundTripRestoresEveryTableAndRow() throws Exception {
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE dumped");
      s.execute(
          "CREATE TABLE dumped.kinds (id BIGINT NOT NULL, name VARCHAR(64), price DECIMAL(10,2), f DOUBLE,"
              + " flag BOOLEAN, d DATE, ts DATETIME, body STRING, tiny TINYINT NOT NULL DEFAULT \"7\" COMMENT \"a 'c'\")"
              + " DUPLICATE KEY(id) COMMENT \"kinds of values\" DISTRIBUTED BY HASH(id) BUCKETS 4");
      s.execute(
          "CREATE TABLE dumped.mysqlish (id INT UNSIGNED NOT NULL AUTO_INCREMENT, note TEXT,"
              + " PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO dumped.kinds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        Object[][] rows = {
          {
            1L,
            "it's \"quoted\" \\ back\\slash",
            "1.50",
            2.5,
            true,
            "2024-02-29",
            "2024-01-01 12:00:01",
            "héllo 世界 \uD83D\uDE00\nnew line\ttab",
            1
          },
          {2L, null, null, null, null, null, null, null, 2},
          {
            3L,
            "",
            "-99999999.99",
            -1.0e300,
            false,
            "1970-01-01",
            "9999-12-31 23:59:59",
            "\u0000nul",
            -128
          },
        };
        for (Object[] row : rows) {
          for (int i = 0; i < row.length; i++) {
            p.setObject(i + 1, row[i]);
          }
          p.addBatch();
        }
        p.executeBatch();
      }
      s.execute("INSERT INTO dumped.mysqlish VALUES (1, 'one'), (2, NULL), (3, REPEAT('x', 3000))");
      List<String> before = snapshot(s, "dumped");

      FeProcess.Result dump =
          client(
              "mysqldump",
              "-h" + fe.host(),
              "-P" + fe.queryPort(),
              "-uroot",
              "--databases",
              "dumped");
      assertThat(dump.exitCode()).as(dump.stderr()).isZero();
      assertThat(dump.stdout())
          .contains("CREATE TABLE `kinds`", "INSERT INTO `kinds` VALUES", "Dump completed");
      Path file = Files.createTempFile("metafe-dump-", ".sql");
      try {
        Files.writeString(file, dump.stdout());
        s.execute("DROP DATABASE dumped");
        FeProcess.Result restore =
            client(
                "mysql", "-h" + fe.host(), "-P" + fe.queryPort(), "-uroot", "-e", "source " + file);
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
      } finally {
        Files.deleteIfExists(file);
      }
      assertThat(snapshot(s, "dumped")).isEqualTo(before);
      assertThat(before).as("2 tables: their columns and rows").hasSize(19);
    }
  }

  @Test
  void mysqlslapWithAutoGeneratedSqlRuns() {
    FeProcess.Result r =
        client(
            "mysqlslap",
            "-h" + fe.host(),
            "-P" + fe.queryPort(),
            "-uroot",
            "--auto-generate-sql",
            "--iterations=2",
            "--concurrency=2",
            "--number-of-queries=40");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("Average number of seconds to run all queries");
  }

  @Test
  void theMysqlCliRunsExecutableCommentsAndTransactions() {
    FeProcess.Result r =
        fe.mysqlCli(
            "/*!40101 SET NAMES utf8mb4 */; CREATE DATABASE IF NOT EXISTS cli;"
                + " CREATE TABLE IF NOT EXISTS cli.t (k INT NOT NULL) DUPLICATE KEY(k); SET autocommit = 0;"
                + " INSERT INTO cli.t VALUES (1); ROLLBACK; START TRANSACTION; INSERT INTO cli.t VALUES (2); COMMIT;"
                + " SELECT /*+ no hint */ k FROM cli.t /*!99999 WHERE k = 1 */; SELECT @@autocommit");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("k\n2\n@@autocommit\n0\n");
  }

  @Test
  void serverPreparedStatementsOfConnectorJAndMariadbBindEveryTypeAndNull() throws Exception {
    for (String url :
        List.of(
            fe.jdbcUrl() + "&useServerPrepStmts=true&cachePrepStmts=true",
            fe.mariadbUrl() + "&useServerPrepStmts=true")) {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE IF NOT EXISTS prep");
        s.execute("DROP TABLE IF EXISTS prep.t");
        s.execute(
            "CREATE TABLE prep.t (id BIGINT NOT NULL, i INT, sm SMALLINT, name VARCHAR(40), price"
                + " DECIMAL(12,3), f DOUBLE, flag BOOLEAN, d DATE, ts DATETIME, body STRING) DUPLICATE KEY(id)");
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO prep.t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (long id = 1; id <= 3; id++) {
            p.setLong(1, id);
            p.setInt(2, -2_000_000_000);
            p.setShort(3, (short) -300);
            p.setString(4, "n'" + id + " ünï");
            p.setBigDecimal(5, new java.math.BigDecimal("123456789.125"));
            p.setDouble(6, 0.1 * id);
            p.setBoolean(7, id % 2 == 0);
            p.setDate(8, java.sql.Date.valueOf("2024-02-29"));
            p.setTimestamp(9, java.sql.Timestamp.valueOf("2024-01-01 12:00:01"));
            // A stream goes as COM_STMT_SEND_LONG_DATA with server-side statements.
            p.setCharacterStream(10, new java.io.StringReader("long " + "y".repeat(5000)));
            assertThat(p.executeUpdate()).isEqualTo(1);
          }
          for (int i = 1; i <= 10; i++) {
            p.setNull(i, i == 1 ? Types.BIGINT : Types.VARCHAR);
          }
          p.setLong(1, 4);
          assertThat(p.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement q =
            c.prepareStatement(
                "SELECT id, i, sm, name, price, f, flag, d, ts, LENGTH(body)"
                    + " FROM prep.t WHERE id >= ? AND name LIKE ? ORDER BY id")) {
          q.setLong(1, 2);
          q.setString(2, "n%");
          try (ResultSet rs = q.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2);
            assertThat(rs.getInt(2)).isEqualTo(-2_000_000_000);
            assertThat(rs.getShort(3)).isEqualTo((short) -300);
            assertThat(rs.getString(4)).isEqualTo("n'2 ünï");
            assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("123456789.125");
            assertThat(rs.getDouble(6)).isEqualTo(0.2);
            assertThat(rs.getBoolean(7)).isTrue();
            assertThat(rs.getDate(8)).isEqualTo(java.sql.Date.valueOf("2024-02-29"));
            assertThat(rs.getTimestamp(9))
                .isEqualTo(java.sql.Timestamp.valueOf("2024-01-01 12:00:01"));
            assertThat(rs.getLong(10)).isEqualTo(5005);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(3);
            assertThat(rs.next()).as("the NULL row does not match LIKE").isFalse();
          }
          // Executed again: Connector/J sends no types this time (new-params-bound flag 0).
          q.setLong(1, 3);
          try (ResultSet rs = q.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(3);
          }
        }
        try (PreparedStatement q =
            c.prepareStatement("SELECT COUNT(*) FROM prep.t WHERE name IS NULL")) {
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
          }
        }
        try (PreparedStatement ddl =
            c.prepareStatement("CREATE TABLE IF NOT EXISTS prep.made (k INT)")) {
          ddl.execute();
        }
      }
    }
  }

  @Test
  void jdbcDatabaseMetaDataBrowsesTheSchemaAsASchemaBrowserDoes() throws Exception {
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS browse");
      s.execute(
          "CREATE TABLE IF NOT EXISTS browse.orders (id BIGINT NOT NULL COMMENT 'the id', note VARCHAR(20),"
              + " price DECIMAL(10,2)) DUPLICATE KEY(id) COMMENT 'all orders'");
    }
    for (String url : List.of(fe.jdbcUrl(), fe.mariadbUrl())) {
      try (Connection c = DriverManager.getConnection(url)) {
        DatabaseMetaData meta = c.getMetaData();
        List<String> catalogs = new ArrayList<>();
        try (ResultSet rs = meta.getCatalogs()) {
          while (rs.next()) {
            catalogs.add(rs.getString("TABLE_CAT"));
          }
        }
        assertThat(catalogs).as(url).contains("browse", "information_schema");
        try (ResultSet rs = meta.getTables("browse", null, "%", new String[] {"TABLE"})) {
          assertThat(rs.next()).as(url).isTrue();
          assertThat(rs.getString("TABLE_NAME")).isEqualTo("orders");
          assertThat(rs.getString("TABLE_TYPE")).isEqualTo("TABLE");
          assertThat(rs.next()).isFalse();
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns("browse", null, "orders", "%")) {
          while (rs.next()) {
            columns.add(
                rs.getString("COLUMN_NAME")
                    + " "
                    + rs.getInt("DATA_TYPE")
                    + " "
                    + rs.getString("TYPE_NAME")
                    + " "
                    + rs.getInt("COLUMN_SIZE")
                    + " "
                    + rs.getInt("NULLABLE")
                    + " "
                    + rs.getInt("ORDINAL_POSITION"));
          }
        }
        assertThat(columns)
            .as(url)
            .containsExactly(
                "id " + Types.BIGINT + " BIGINT 19 0 1",
                "note " + Types.VARCHAR + " VARCHAR 20 1 2",
                "price " + Types.DECIMAL + " DECIMAL 10 1 3");
        try (ResultSet rs = meta.getPrimaryKeys("browse", null, "orders")) {
          assertThat(rs.next())
              .as("a DUPLICATE KEY table has no primary key (" + url + ")")
              .isFalse();
        }
        try (ResultSet rs = meta.getIndexInfo("browse", null, "orders", false, false)) {
          assertThat(rs.next()).as("MetaFE tables have no indexes (" + url + ")").isFalse();
        }
      }
    }
  }
}
