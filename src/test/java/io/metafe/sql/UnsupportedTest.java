package io.metafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** What MetaFE lacks is named in error 1235; plain mistakes stay syntax errors (1064). */
class UnsupportedTest {
  private final SqlParser parser = new SqlParser("8.0.33");

  private SqlException error(String sql) {
    return catchThrowableOfType(SqlException.class, () -> parser.parse(sql));
  }

  @Test
  void missingFeaturesAreNamed() {
    String[][] cases = {
      {"UPDATE t SET a = 1 WHERE k = 2", "'UPDATE;"},
      {"/* ORM */ DELETE FROM t WHERE k = 2", "'DELETE;"},
      {"SELECT * FROM a JOIN b ON a.x = b.x", "'JOIN;"},
      {"SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x", "'LEFT OUTER JOIN;"},
      {"SELECT 1 UNION SELECT 2", "'UNION;"},
      {"SELECT k FROM t WHERE k = 1 FOR UPDATE", "'FOR UPDATE;"},
      {"SAVEPOINT s1", "'SAVEPOINT;"},
      {"CREATE VIEW v AS SELECT 1", "'CREATE VIEW;"},
      {"INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE v = 2", "'ON DUPLICATE KEY UPDATE;"},
    };
    for (String[] c : cases) {
      SqlException e = error(c[0]);
      assertThat(e).as(c[0]).isNotNull();
      assertThat(e.code()).as(c[0]).isEqualTo(1235);
      assertThat(e.getMessage()).as(c[0]).contains(c[1]);
    }
  }

  @Test
  void aLongStringInAFailingStatementIsScannedWithoutRecursion() {
    SqlException e =
        error(
            "INSERT INTO t VALUES ('"
                + "a\\'b".repeat(100_000)
                + "') ON DUPLICATE KEY UPDATE a = 1");
    assertThat(e.code()).isEqualTo(1235);
    assertThat(e.getMessage()).contains("ON DUPLICATE KEY UPDATE");
  }

  @Test
  void plainMistakesStaySyntaxErrors() {
    assertThat(error("SELEC 1").code()).isEqualTo(1064);
    assertThat(error("SELECT * FROM t WHERE v = 'a JOIN b' AND").code()).isEqualTo(1064);
    assertThat(parser.parse("SELECT 'UPDATE t SET a = 1'")).isNotNull();
  }
}
