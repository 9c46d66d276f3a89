package io.metafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.records.DataType;
import io.metafe.sql.ast.ColumnDefinition;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.KeysClause;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MySQL syntax that dump tools, ORMs and benchmark tools send, beside MetaFE's StarRocks
 * dialect.
 */
class MysqlDialectTest {
  private final SqlParser parser = new SqlParser("8.0.33");

  @Test
  void mysqlCreateTableBecomesADuplicateKeyTable() {
    Statement.CreateTable t =
        (Statement.CreateTable)
            parser.parse(
                "CREATE TABLE m (id INT UNSIGNED NOT NULL"
                    + " AUTO_INCREMENT, b TINYINT(1) DEFAULT '0', big BIGINT UNSIGNED, c VARCHAR(10) CHARACTER SET utf8mb4"
                    + " COLLATE utf8mb4_bin COMMENT 'x', body MEDIUMTEXT, at TIMESTAMP NULL, PRIMARY KEY (id), KEY idx (c),"
                    + " UNIQUE KEY u (c)) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"
                    + " ROW_FORMAT=DYNAMIC COMMENT='t'");
    assertThat(t.columns())
        .extracting(ColumnDefinition::type)
        .containsExactly(
            DataType.BIGINT,
            DataType.TINYINT,
            DataType.decimal(20, 0),
            DataType.varchar(10),
            DataType.varchar(DataType.STRING_LENGTH),
            DataType.DATETIME);
    assertThat(t.keysOrNull())
        .isEqualTo(new KeysClause(KeysClause.KeyType.DUPLICATE, List.of("id")));
    assertThat(t.engineOrNull()).isEqualTo("InnoDB");
    assertThat(t.comment()).isEqualTo("t");
    Statement.CreateTable inline =
        (Statement.CreateTable) parser.parse("CREATE TABLE n (id INT PRIMARY KEY, v INT)");
    assertThat(inline.keysOrNull().columns()).containsExactly("id");
  }

  @Test
  void conflictingKeysAndUnsignedTextAreRefused() {
    assertThatThrownBy(
            () -> parser.parse("CREATE TABLE x (id INT, PRIMARY KEY (id)) DUPLICATE KEY(id)"))
        .isInstanceOf(SqlException.class)
        .hasMessageContaining("give one");
    assertThatThrownBy(() -> parser.parse("CREATE TABLE x (id INT PRIMARY KEY, PRIMARY KEY (id))"))
        .hasMessageContaining("Multiple primary key");
    assertThatThrownBy(() -> parser.parse("CREATE TABLE x (v VARCHAR(3) UNSIGNED)"))
        .hasMessageContaining("UNSIGNED applies to numeric types");
  }

  @Test
  void dumpStatementsParse() {
    assertThat(parser.parse("LOCK TABLES `t` WRITE, u AS x READ /*!32311 LOCAL */"))
        .isEqualTo(
            new Statement.LockTables(List.of(new TableName(null, "t"), new TableName(null, "u"))));
    assertThat(parser.parse("UNLOCK TABLES")).isEqualTo(new Statement.UnlockTables());
    assertThat(parser.parse("/*!40000 ALTER TABLE `t` DISABLE KEYS */"))
        .isEqualTo(new Statement.AlterTableKeys(new TableName(null, "t")));
    Statement.Select s =
        (Statement.Select) parser.parse("SELECT /*!40001 SQL_NO_CACHE */ * FROM `t`");
    assertThat(s.fromOrNull()).isEqualTo(new TableName(null, "t"));
    assertThat(((Statement.Select) parser.parse("SELECT DISTINCTROW a FROM t")).distinct())
        .isTrue();
  }

  @Test
  void subqueriesParse() {
    Statement.Select s =
        (Statement.Select)
            parser.parse(
                "SELECT a FROM t WHERE a IN (SELECT DISTINCT b FROM u"
                    + " WHERE c IN (SELECT c FROM v)) AND EXISTS (SELECT 1) AND a > (SELECT MAX(b) FROM u)");
    List<Class<?>> kinds = new java.util.ArrayList<>();
    collect(s.whereOrNull(), kinds);
    assertThat(kinds).contains(Expr.InSubquery.class, Expr.Subquery.class);
  }

  private static void collect(Expr e, List<Class<?>> out) {
    out.add(e.getClass());
    if (e instanceof Expr.Binary b) {
      collect(b.left(), out);
      collect(b.right(), out);
    }
  }
}
