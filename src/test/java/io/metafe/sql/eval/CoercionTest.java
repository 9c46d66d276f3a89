package io.metafe.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.records.Column;
import io.metafe.records.DataType;
import io.metafe.sql.SqlException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class CoercionTest {
  private static Column col(String name, DataType type, boolean nullable) {
    return new Column(name, type, nullable, null, "");
  }

  private static Object to(DataType type, Object value) {
    return Coercion.toColumn(col("c", type, true), value, 3);
  }

  private static SqlException error(DataType type, Object value) {
    try {
      Coercion.toColumn(col("c", type, false), value, 3);
    } catch (SqlException e) {
      return e;
    }
    throw new AssertionError("no error for " + value + " into " + type);
  }

  @Test
  void integers() {
    assertThat(to(DataType.TINYINT, 127L)).isEqualTo(127L);
    assertThat(to(DataType.INT, "42")).isEqualTo(42L);
    assertThat(to(DataType.INT, " -7 ")).isEqualTo(-7L);
    assertThat(to(DataType.INT, new BigDecimal("2.5"))).isEqualTo(3L);
    assertThat(to(DataType.INT, new BigDecimal("-2.5"))).isEqualTo(-3L);
    assertThat(to(DataType.BIGINT, 1.4)).isEqualTo(1L);
    assertThat(to(DataType.SMALLINT, true)).isEqualTo(1L);
    SqlException range = error(DataType.TINYINT, 128L);
    assertThat(range.code()).isEqualTo(1264);
    assertThat(range.sqlState()).isEqualTo("22003");
    assertThat(range.getMessage()).isEqualTo("Out of range value for column 'c' at row 3");
    assertThat(error(DataType.INT, 2147483648L).code()).isEqualTo(1264);
    assertThat(error(DataType.BIGINT, new BigDecimal("9223372036854775808")).code())
        .isEqualTo(1264);
    SqlException text = error(DataType.INT, "abc");
    assertThat(text.code()).isEqualTo(1366);
    assertThat(text.sqlState()).isEqualTo("HY000");
    assertThat(text.getMessage())
        .isEqualTo("Incorrect integer value: 'abc' for column 'c' at row 3");
    assertThat(error(DataType.INT, "").code()).isEqualTo(1366);
  }

  @Test
  void decimalsAndDoubles() {
    assertThat(to(DataType.decimal(5, 2), "1.005")).isEqualTo(new BigDecimal("1.01"));
    assertThat(to(DataType.decimal(5, 2), 12L)).isEqualTo(new BigDecimal("12.00"));
    assertThat(to(DataType.decimal(5, 2), 999.994)).isEqualTo(new BigDecimal("999.99"));
    assertThat(error(DataType.decimal(5, 2), 999.995).code()).isEqualTo(1264);
    assertThat(error(DataType.decimal(5, 2), "x").getMessage())
        .isEqualTo("Incorrect decimal value: 'x' for column 'c' at row 3");
    assertThat(to(DataType.DOUBLE, "1e3")).isEqualTo(1000.0);
    assertThat(to(DataType.DOUBLE, new BigDecimal("0.5"))).isEqualTo(0.5);
    assertThat(error(DataType.DOUBLE, "1.2.3").code()).isEqualTo(1366);
    assertThat(error(DataType.FLOAT, 1e300).code()).isEqualTo(1264);
  }

  @Test
  void strings() {
    assertThat(to(DataType.varchar(3), "abc")).isEqualTo("abc");
    assertThat(to(DataType.varchar(3), "éèà")).isEqualTo("éèà");
    assertThat(to(DataType.varchar(3), "ab   ")).isEqualTo("ab ");
    assertThat(to(DataType.varchar(10), 12L)).isEqualTo("12");
    assertThat(to(DataType.varchar(10), new BigDecimal("1.50"))).isEqualTo("1.50");
  }

  @Test
  void tooLongStrings() {
    SqlException e = error(DataType.chars(2), "abc");
    assertThat(e.code()).isEqualTo(1406);
    assertThat(e.sqlState()).isEqualTo("22001");
    assertThat(e.getMessage()).isEqualTo("Data too long for column 'c' at row 3");
  }

  @Test
  void datesAndDatetimes() {
    assertThat(to(DataType.DATE, "2024-01-02")).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(to(DataType.DATE, "2024-1-2")).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(to(DataType.DATE, 20240102L)).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(to(DataType.DATETIME, "2024-01-02 03:04:05.25"))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 250_000_000));
    assertThat(to(DataType.DATETIME, LocalDate.of(2024, 1, 2)))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 0, 0));
    SqlException date = error(DataType.DATE, "2024-02-30");
    assertThat(date.code()).isEqualTo(1292);
    assertThat(date.sqlState()).isEqualTo("22007");
    assertThat(date.getMessage())
        .isEqualTo("Incorrect date value: '2024-02-30' for column 'c' at row 3");
    assertThat(error(DataType.DATETIME, "yesterday").getMessage())
        .isEqualTo("Incorrect datetime value: 'yesterday' for column 'c' at row 3");
  }

  @Test
  void booleans() {
    assertThat(to(DataType.BOOLEAN, true)).isEqualTo(true);
    assertThat(to(DataType.BOOLEAN, 0L)).isEqualTo(false);
    assertThat(to(DataType.BOOLEAN, "TRUE")).isEqualTo(true);
    assertThat(to(DataType.BOOLEAN, "0")).isEqualTo(false);
    assertThat(error(DataType.BOOLEAN, 2L).code()).isEqualTo(1366);
    assertThat(error(DataType.BOOLEAN, "yes").code()).isEqualTo(1366);
  }

  @Test
  void nulls() {
    assertThat(to(DataType.INT, null)).isNull();
    SqlException e = error(DataType.INT, null);
    assertThat(e.code()).isEqualTo(1048);
    assertThat(e.sqlState()).isEqualTo("23000");
    assertThat(e.getMessage()).isEqualTo("Column 'c' cannot be null");
  }
}
