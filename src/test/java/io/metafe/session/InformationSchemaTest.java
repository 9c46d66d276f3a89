package io.metafe.session;

import static io.metafe.session.SessionFixture.ok;
import static io.metafe.session.SessionFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.mysql.Response;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** information_schema as BI tools and dump tools query it, and the subqueries they use on it. */
class InformationSchemaTest {
  private final SessionFixture fe = new SessionFixture();
  private FeSession s;

  @BeforeEach
  void start() {
    s = fe.session();
    ok(s, "CREATE DATABASE shop");
    ok(
        s,
        "CREATE TABLE shop.orders (id BIGINT NOT NULL, note VARCHAR(20) DEFAULT 'x' COMMENT 'a note',"
            + " price DECIMAL(10,2), paid BOOLEAN) DUPLICATE KEY(id) COMMENT 'all orders'");
    ok(s, "INSERT INTO shop.orders VALUES (1, 'a', 1.50, true), (2, NULL, NULL, NULL)");
  }

  @AfterEach
  void stop() {
    fe.close();
  }

  @Test
  void schemataTablesAndColumnsDescribeTheCatalog() {
    assertThat(rows(s, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME"))
        .containsExactly(List.of("information_schema"), List.of("shop"));
    assertThat(
            rows(
                s,
                "SELECT table_name, table_type, engine, table_rows, table_comment FROM"
                    + " INFORMATION_SCHEMA.TABLES WHERE table_schema = 'shop'"))
        .containsExactly(List.of("orders", "BASE TABLE", "OLAP", "2", "all orders"));
    assertThat(
            rows(
                s,
                "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,"
                    + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, COLUMN_TYPE, COLUMN_KEY, COLUMN_COMMENT"
                    + " FROM information_schema.columns WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'orders'"
                    + " ORDER BY ORDINAL_POSITION DESC LIMIT 3"))
        .containsExactly(
            java.util.Arrays.asList(
                "paid", "4", null, "YES", "tinyint", null, "3", "0", "tinyint(1)", "", ""),
            java.util.Arrays.asList(
                "price", "3", null, "YES", "decimal", null, "10", "2", "decimal(10,2)", "", ""),
            java.util.Arrays.asList(
                "note", "2", "x", "YES", "varchar", "20", null, null, "varchar(20)", "", "a note"));
    assertThat(
            rows(
                s,
                "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_NAME = 'orders'"
                    + " AND COLUMN_KEY = 'MUL'"))
        .containsExactly(List.of("1"));
  }

  @Test
  void tablesOfObjectsMetaFeDoesNotHaveAreEmptyWithTheirColumns() {
    for (String table :
        List.of(
            "STATISTICS",
            "KEY_COLUMN_USAGE",
            "VIEWS",
            "ROUTINES",
            "TRIGGERS",
            "PARTITIONS",
            "FILES")) {
      Response r = s.query("SELECT * FROM information_schema." + table);
      assertThat(r)
          .as(table)
          .isInstanceOfSatisfying(
              Response.ResultSet.class,
              rs -> {
                assertThat(rs.rows()).isEmpty();
                assertThat(rs.columns()).hasSizeGreaterThan(3);
              });
    }
    assertThat(rows(s, "SELECT ENGINE, SUPPORT FROM information_schema.ENGINES"))
        .containsExactly(List.of("OLAP", "DEFAULT"));
    assertThat(
            rows(
                s,
                "SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE IS_DEFAULT = 'Yes'"))
        .containsExactly(List.of("utf8mb4_general_ci"));
  }

  @Test
  void itCanBeUsedListedAndDescribedButNotWritten() {
    ok(s, "USE information_schema");
    assertThat(rows(s, "SHOW TABLES"))
        .contains(List.of("TABLES"), List.of("COLUMNS"), List.of("SCHEMATA"));
    assertThat(rows(s, "SHOW DATABASES")).contains(List.of("information_schema"), List.of("shop"));
    assertThat(rows(s, "DESC ENGINES")).extracting(r -> r.get(0)).contains("ENGINE", "SUPPORT");
    assertThat(s.query("SELECT * FROM nope"))
        .isInstanceOfSatisfying(Response.Error.class, e -> assertThat(e.code()).isEqualTo(1109));
    for (String write :
        List.of(
            "CREATE TABLE information_schema.x (k INT)",
            "INSERT INTO TABLES (TABLE_NAME)" + " VALUES ('x')",
            "DROP DATABASE information_schema",
            "CREATE DATABASE INFORMATION_SCHEMA")) {
      assertThat(s.query(write))
          .as(write)
          .isInstanceOfSatisfying(Response.Error.class, e -> assertThat(e.code()).isEqualTo(1044));
    }
  }

  @Test
  void uncorrelatedSubqueriesRunFirst() {
    ok(s, "CREATE TABLE shop.vip (id BIGINT NOT NULL) DUPLICATE KEY(id)");
    ok(s, "INSERT INTO shop.vip VALUES (2), (3)");
    assertThat(rows(s, "SELECT id FROM shop.orders WHERE id IN (SELECT id FROM shop.vip)"))
        .containsExactly(List.of("2"));
    assertThat(
            rows(
                s,
                "SELECT id FROM shop.orders WHERE id NOT IN (SELECT id FROM shop.vip WHERE id > 5)"
                    + " ORDER BY id"))
        .containsExactly(List.of("1"), List.of("2"));
    assertThat(
            rows(
                s,
                "SELECT (SELECT MAX(id) FROM shop.vip), EXISTS (SELECT 1 FROM shop.vip WHERE id = 9)"))
        .containsExactly(List.of("3", "0"));
    assertThat(s.query("SELECT (SELECT id FROM shop.vip)"))
        .isInstanceOfSatisfying(Response.Error.class, e -> assertThat(e.code()).isEqualTo(1242));
    assertThat(s.query("SELECT 1 FROM shop.orders WHERE id IN (SELECT id, id FROM shop.vip)"))
        .isInstanceOfSatisfying(Response.Error.class, e -> assertThat(e.code()).isEqualTo(1241));
    ok(
        s,
        "INSERT INTO shop.vip SELECT id FROM shop.orders WHERE id NOT IN (SELECT id FROM shop.vip)");
    assertThat(rows(s, "SELECT COUNT(*) FROM shop.vip")).containsExactly(List.of("3"));
  }

  @Test
  void theShowStatementsOfDumpToolsAnswerFromTheCatalog() {
    assertThat(
            rows(
                s,
                "SELECT TABLE_NAME, AUTO_INCREMENT, ROW_FORMAT FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = 'shop'"))
        .containsExactly(java.util.Arrays.asList("orders", null, "Dynamic"));
    assertThat(rows(s, "SHOW TABLE STATUS FROM shop LIKE 'ord%'"))
        .extracting(r -> r.get(0) + " " + r.get(4) + " " + r.get(17))
        .containsExactly("orders 2 all orders");
    assertThat(rows(s, "SHOW TABLE STATUS FROM shop WHERE Name = 'nope'")).isEmpty();
    assertThat(rows(s, "SHOW TRIGGERS FROM shop LIKE 'orders'")).isEmpty();
    assertThat(rows(s, "SHOW INDEX FROM orders FROM shop")).isEmpty();
    assertThat(s.query("SHOW KEYS FROM shop.nope"))
        .isInstanceOfSatisfying(Response.Error.class, e -> assertThat(e.code()).isEqualTo(1146));
    assertThat(rows(s, "SHOW FULL COLUMNS FROM shop.orders LIKE 'note'"))
        .containsExactly(
            List.of(
                "note",
                "VARCHAR(20)",
                "utf8mb4_general_ci",
                "YES",
                "false",
                "x",
                "",
                "select,insert",
                "a note"));
  }
}
