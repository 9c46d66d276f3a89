package io.metafe.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.records.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ValueFormatTest {
  @Test
  void rendersLikeMysqlTextProtocol() {
    assertThat(ValueFormat.toText(null, DataType.INT)).isNull();
    assertThat(ValueFormat.toText(true, DataType.BOOLEAN)).isEqualTo("1");
    assertThat(ValueFormat.toText(false, null)).isEqualTo("0");
    assertThat(ValueFormat.toText(-5L, DataType.BIGINT)).isEqualTo("-5");
    assertThat(ValueFormat.toText(new BigDecimal("1.5"), DataType.decimal(10, 2)))
        .isEqualTo("1.50");
    assertThat(ValueFormat.toText(new BigDecimal("1E+3"), null)).isEqualTo("1000");
    assertThat(ValueFormat.toText(1.0, DataType.DOUBLE)).isEqualTo("1");
    assertThat(ValueFormat.toText(0.1, DataType.DOUBLE)).isEqualTo("0.1");
    assertThat(ValueFormat.toText(-2.5, null)).isEqualTo("-2.5");
    assertThat(ValueFormat.toText(1e20, null)).isEqualTo("1e20");
    assertThat(ValueFormat.toText(1.5e-20, null)).isEqualTo("1.5e-20");
    assertThat(ValueFormat.toText((double) 0.1f, DataType.FLOAT)).isEqualTo("0.1");
    assertThat(ValueFormat.toText(LocalDate.of(2024, 1, 2), DataType.DATE)).isEqualTo("2024-01-02");
    assertThat(ValueFormat.toText(LocalDateTime.of(2024, 1, 2, 3, 4, 5), null))
        .isEqualTo("2024-01-02 03:04:05");
    assertThat(ValueFormat.toText(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000), null))
        .isEqualTo("2024-01-02 03:04:05.500000");
  }
}
