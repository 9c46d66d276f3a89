package io.metafe.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireTest {
  private static final Object[] EVERY_KIND = {
    null,
    42L,
    -1.5,
    new BigDecimal("-12345678901234567890.123"),
    "ascii",
    "ünïcode",
    true,
    false,
    LocalDate.of(2026, 12, 7),
    LocalDateTime.of(2026, 12, 7, 18, 5, 1, 123_456_000)
  };

  private static byte[] encoded(Object[] row) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    InsertRows.writeRow(out, row);
    out.writeByte(0x7f); // what follows the row must be where skipping stops
    return bytes.toByteArray();
  }

  @Test
  void skippingARowConsumesExactlyWhatReadingItDoes() throws Exception {
    byte[] bytes = encoded(EVERY_KIND);
    DataInputStream read = new DataInputStream(new ByteArrayInputStream(bytes));
    assertThat(Arrays.equals(InsertRows.readRow(read), EVERY_KIND)).isTrue();
    DataInputStream skipped = new DataInputStream(new ByteArrayInputStream(bytes));
    InsertRows.skipRow(skipped);
    assertThat(skipped.available()).isEqualTo(read.available()).isEqualTo(1);
    assertThat(skipped.readByte()).isEqualTo((byte) 0x7f);
  }

  @Test
  void skippingRefusesWhatReadingRefuses() throws Exception {
    byte[] badTag = {0, 1, 42};
    assertThatThrownBy(
            () -> InsertRows.skipRow(new DataInputStream(new ByteArrayInputStream(badTag))))
        .hasMessageContaining("unknown value tag 42");
    byte[] badLength = {0, 1, 4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThatThrownBy(
            () -> InsertRows.skipRow(new DataInputStream(new ByteArrayInputStream(badLength))))
        .hasMessageContaining("corrupt length");
    byte[] truncated = Arrays.copyOf(encoded(new Object[] {"a string"}), 8);
    assertThatThrownBy(
            () -> InsertRows.skipRow(new DataInputStream(new ByteArrayInputStream(truncated))))
        .isInstanceOf(EOFException.class);
  }
}
