package io.metafe.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.sql.SqlException;
import io.metafe.sql.SqlParser;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private final SqlParser parser = new SqlParser("8.0.33");
  private final Evaluator evaluator = new Evaluator(new TestSession());

  private Object eval(String expr) {
    Statement.Select s = (Statement.Select) parser.parse("SELECT " + expr);
    return evaluator.evaluate(((SelectItem.Item) s.items().get(0)).expr());
  }

  private SqlException error(String expr) {
    try {
      eval(expr);
    } catch (SqlException e) {
      return e;
    }
    throw new AssertionError("no error for " + expr);
  }

  @Test
  void arithmetic() {
    assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
    assertThat(eval("1 / 3")).isEqualTo(new BigDecimal("0.3333"));
    assertThat(eval("1.0 / 3")).isEqualTo(new BigDecimal("0.33333"));
    assertThat(eval("1 / 0")).isNull();
    assertThat(eval("7 DIV 2")).isEqualTo(3L);
    assertThat(eval("-7 DIV 2")).isEqualTo(-3L);
    assertThat(eval("7 % 0")).isNull();
    assertThat(eval("-7 MOD 3")).isEqualTo(-1L);
    assertThat(eval("1.5 + 1")).isEqualTo(new BigDecimal("2.5"));
    assertThat(eval("1e0 + 1")).isEqualTo(2.0);
    assertThat(eval("'3' + 4")).isEqualTo(7.0);
    assertThat(eval("NULL + 1")).isNull();
    assertThatThrownBy(() -> eval("9223372036854775807 + 1"))
        .isInstanceOf(SqlException.class)
        .hasMessage("BIGINT value is out of range in '(9223372036854775807 + 1)'")
        .extracting(e -> ((SqlException) e).code())
        .isEqualTo(1690);
  }

  @Test
  void threeValuedLogic() {
    assertThat(eval("NULL AND 0")).isEqualTo(0L);
    assertThat(eval("NULL AND 1")).isNull();
    assertThat(eval("NULL OR 1")).isEqualTo(1L);
    assertThat(eval("NULL OR 0")).isNull();
    assertThat(eval("NOT NULL")).isNull();
    assertThat(eval("NULL = NULL")).isNull();
    assertThat(eval("NULL <=> NULL")).isEqualTo(1L);
    assertThat(eval("1 <=> NULL")).isEqualTo(0L);
    assertThat(eval("NULL IS NULL")).isEqualTo(1L);
    assertThat(eval("1 IN (2, NULL)")).isNull();
    assertThat(eval("1 IN (1, NULL)")).isEqualTo(1L);
    assertThat(eval("1 NOT IN (2, 3)")).isEqualTo(1L);
    assertThat(eval("2 BETWEEN 1 AND 3")).isEqualTo(1L);
    assertThat(eval("2 NOT BETWEEN 1 AND NULL")).isNull();
    assertThat(eval("1 XOR 1")).isEqualTo(0L);
    assertThat(eval("NULL IS TRUE")).isEqualTo(0L);
  }

  @Test
  void comparisons() {
    assertThat(eval("'abc' = 'ABC '")).isEqualTo(1L);
    assertThat(eval("'a' < 'B'")).isEqualTo(1L);
    assertThat(eval("'10' = 10")).isEqualTo(1L);
    assertThat(eval("'10' > 9")).isEqualTo(1L);
    assertThat(eval("'10' > '9'")).isEqualTo(0L);
    assertThat(eval("1.0 = 1")).isEqualTo(1L);
    assertThat(eval("DATE '2024-01-02' = '2024-01-02'")).isEqualTo(1L);
    assertThat(eval("TRUE = 1")).isEqualTo(1L);
  }

  @Test
  void like() {
    assertThat(eval("'Hello' LIKE 'h%o'")).isEqualTo(1L);
    assertThat(eval("'Hello' LIKE 'h_llo'")).isEqualTo(1L);
    assertThat(eval("'a_b' LIKE 'a\\_b'")).isEqualTo(1L);
    assertThat(eval("'axb' LIKE 'a\\_b'")).isEqualTo(0L);
    assertThat(eval("'abc' NOT LIKE '%c'")).isEqualTo(0L);
    assertThat(eval("NULL LIKE 'a'")).isNull();
    assertThat(LikePattern.matches("%%a%b%", "xxaxxbxx")).isTrue();
    assertThat(LikePattern.matches("a%", "b")).isFalse();
    assertThat(LikePattern.matches(null, "anything")).isTrue();
  }

  @Test
  void caseAndCast() {
    assertThat(eval("CASE 2 WHEN 1 THEN 'a' WHEN 2 THEN 'b' END")).isEqualTo("b");
    assertThat(eval("CASE WHEN NULL THEN 1 ELSE 2 END")).isEqualTo(2L);
    assertThat(eval("CASE 3 WHEN 1 THEN 'a' END")).isNull();
    assertThat(eval("CAST('12abc' AS SIGNED)")).isEqualTo(12L);
    assertThat(eval("CAST(1.5 AS SIGNED)")).isEqualTo(2L);
    assertThat(eval("CAST(12 AS CHAR)")).isEqualTo("12");
    assertThat(eval("CAST('1.005' AS DECIMAL(5,2))")).isEqualTo(new BigDecimal("1.01"));
    assertThat(eval("CAST('2024-02-03 04:05:06' AS DATE)")).isEqualTo(LocalDate.of(2024, 2, 3));
    assertThat(eval("CAST('bad' AS DATETIME)")).isNull();
  }

  @Test
  void functions() {
    assertThat(eval("concat('a', 1, 2.5)")).isEqualTo("a12.5");
    assertThat(eval("concat('a', NULL)")).isNull();
    assertThat(eval("concat_ws(',', 'a', NULL, 'b')")).isEqualTo("a,b");
    assertThat(eval("upper('abc')")).isEqualTo("ABC");
    assertThat(eval("lcase('ABC')")).isEqualTo("abc");
    assertThat(eval("length('é')")).isEqualTo(2L);
    assertThat(eval("char_length('é')")).isEqualTo(1L);
    assertThat(eval("substring('hello', 2, 3)")).isEqualTo("ell");
    assertThat(eval("substr('hello', -3)")).isEqualTo("llo");
    assertThat(eval("substring('hello', 0)")).isEqualTo("");
    assertThat(eval("trim('  x  ')")).isEqualTo("x");
    assertThat(eval("ltrim('  x ')")).isEqualTo("x ");
    assertThat(eval("rtrim(' x  ')")).isEqualTo(" x");
    assertThat(eval("abs(-3)")).isEqualTo(3L);
    assertThat(eval("round(2.5)")).isEqualTo(new BigDecimal("3"));
    assertThat(eval("round(-2.55, 1)")).isEqualTo(new BigDecimal("-2.6"));
    assertThat(eval("round(1234, -2)")).isEqualTo(1200L);
    assertThat(eval("floor(-1.5)")).isEqualTo(-2L);
    assertThat(eval("ceiling(1.2)")).isEqualTo(2L);
    assertThat(eval("mod(10, 3)")).isEqualTo(1L);
    assertThat(eval("ifnull(NULL, 'x')")).isEqualTo("x");
    assertThat(eval("nullif(1, 1)")).isNull();
    assertThat(eval("coalesce(NULL, NULL, 3)")).isEqualTo(3L);
    assertThat(eval("if(1 > 2, 'y', 'n')")).isEqualTo("n");
    assertThat(eval("greatest(1, 5, 3)")).isEqualTo(5L);
    assertThat(eval("least(1, NULL)")).isNull();
    assertThat(eval("database()")).isEqualTo("db1");
    assertThat(eval("schema()")).isEqualTo("db1");
    assertThat(eval("current_user()")).isEqualTo("root@127.0.0.1");
    assertThat(eval("user()")).isEqualTo("root@127.0.0.1");
    assertThat(eval("version()")).isEqualTo("5.7.99-MetaFE");
    assertThat(eval("@@version_comment")).isEqualTo("MetaFE");
    assertThat(eval("connection_id()")).isEqualTo(42L);
    assertThat(eval("now()")).isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9));
    assertThat(eval("CURRENT_TIMESTAMP")).isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9));
    assertThat(eval("now(3)")).isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_000_000));
    assertThat(eval("curdate()")).isEqualTo(LocalDate.of(2024, 5, 6));
    assertThat(eval("last_insert_id()")).isEqualTo(0L);
    assertThat(eval("@unset")).isNull();
  }

  @Test
  void functionAndVariableErrors() {
    SqlException unknown = error("no_such_fn(1)");
    assertThat(unknown.code()).isEqualTo(1305);
    assertThat(unknown.sqlState()).isEqualTo("42000");
    assertThat(unknown.getMessage()).isEqualTo("FUNCTION no_such_fn does not exist");
    assertThat(error("@@nope").code()).isEqualTo(1193);
    assertThat(error("@@nope").getMessage()).isEqualTo("Unknown system variable 'nope'");
    assertThat(error("upper('a', 'b')").code()).isEqualTo(1582);
    assertThat(error("x + 1").getMessage()).isEqualTo("Unknown column 'x' in 'field list'");
    assertThat(error("count(*)").code()).isEqualTo(1111);
  }
}
