package io.metafe.mysql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Values in the binary protocol of prepared statements: parameters as the client sends them, and
 * result rows as the server sends them. Stateless.
 */
final class BinaryValues {
  private BinaryValues() {}

  /**
   * One parameter value of the given type code: Long, Double, BigDecimal, String, LocalDate or
   * LocalDateTime (a TIME becomes its text, {@code [-]hh:mm:ss[.ffffff]}).
   */
  static Object read(PayloadReader in, int type, boolean unsigned) throws ProtocolException {
    FieldType t;
    try {
      t = FieldType.ofCode(type);
    } catch (IllegalArgumentException e) {
      throw ProtocolException.malformed("unknown parameter type " + type);
    }
    return switch (t) {
      case NULL -> null;
      case TINY -> unsigned ? (long) in.int1() : (long) (byte) in.int1();
      case SHORT, YEAR -> unsigned ? (long) in.int2() : (long) (short) in.int2();
      case LONG, INT24 -> unsigned ? in.int4() : (long) (int) in.int4();
      case LONGLONG -> {
        long v = in.int4() | (in.int4() << 32);
        yield unsigned && v < 0
            ? new BigDecimal(new BigInteger(Long.toUnsignedString(v)))
            : (Object) v;
      }
      case FLOAT -> (double) Float.intBitsToFloat((int) in.int4());
      case DOUBLE -> Double.longBitsToDouble(in.int4() | (in.int4() << 32));
      case DECIMAL, NEWDECIMAL -> {
        String text = in.lenencString("decimal parameter");
        try {
          yield new BigDecimal(text);
        } catch (NumberFormatException e) {
          throw ProtocolException.malformed("decimal parameter '" + text + "'");
        }
      }
      case DATE, DATETIME, TIMESTAMP, NEWDATE ->
          temporal(in, t == FieldType.DATE || t == FieldType.NEWDATE);
      case TIME -> time(in);
      default -> new String(in.lenencBytes("parameter"), StandardCharsets.UTF_8);
    };
  }

  private static Object temporal(PayloadReader in, boolean dateOnly) throws ProtocolException {
    int length = in.int1();
    if (length == 0) {
      // MySQL's zero date: passed on as its text, so that it meets the same refusal as the text
      // protocol's.
      return dateOnly ? "0000-00-00" : "0000-00-00 00:00:00";
    }
    if (length != 4 && length != 7 && length != 11) {
      throw ProtocolException.malformed("date parameter of " + length + " bytes");
    }
    int year = in.int2();
    int month = in.int1();
    int day = in.int1();
    int hour = length >= 7 ? in.int1() : 0;
    int minute = length >= 7 ? in.int1() : 0;
    int second = length >= 7 ? in.int1() : 0;
    long micros = length == 11 ? in.int4() : 0;
    try {
      LocalDateTime at =
          LocalDateTime.of(year, month, day, hour, minute, second, (int) micros * 1000);
      return dateOnly ? at.toLocalDate() : at;
    } catch (java.time.DateTimeException e) {
      throw ProtocolException.malformed(
          "date parameter " + year + "-" + month + "-" + day + ": " + e.getMessage());
    }
  }

  private static String time(PayloadReader in) throws ProtocolException {
    int length = in.int1();
    if (length == 0) {
      return "00:00:00";
    }
    if (length != 8 && length != 12) {
      throw ProtocolException.malformed("time parameter of " + length + " bytes");
    }
    boolean negative = in.int1() == 1;
    long days = in.int4();
    int hours = in.int1();
    int minutes = in.int1();
    int seconds = in.int1();
    long micros = length == 12 ? in.int4() : 0;
    String text =
        String.format(
            java.util.Locale.ROOT,
            "%s%02d:%02d:%02d",
            negative ? "-" : "",
            days * 24 + hours,
            minutes,
            seconds);
    return micros == 0 ? text : text + String.format(java.util.Locale.ROOT, ".%06d", micros);
  }

  /**
   * One result row in the binary protocol. Values arrive as the text the session produced and are
   * written in the binary form of their column's type.
   */
  static PayloadBuilder row(List<ColumnMeta> columns, List<String> values) {
    PayloadBuilder p = new PayloadBuilder().int1(0x00);
    byte[] nulls = new byte[(columns.size() + 7 + 2) / 8];
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        nulls[(i + 2) / 8] |= (byte) (1 << ((i + 2) % 8));
      }
    }
    p.bytes(nulls);
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v != null) {
        write(p, columns.get(i).type(), v);
      }
    }
    return p;
  }

  private static void write(PayloadBuilder p, FieldType type, String v) {
    try {
      switch (type) {
        case TINY -> p.int1((int) Long.parseLong(v));
        case SHORT, YEAR -> p.int2((int) Long.parseLong(v));
        case LONG, INT24 -> p.int4(Long.parseLong(v));
        case LONGLONG -> {
          long x = Long.parseLong(v);
          p.int4(x & 0xFFFFFFFFL).int4(x >>> 32);
        }
        case FLOAT -> p.int4(Float.floatToIntBits(Float.parseFloat(v)) & 0xFFFFFFFFL);
        case DOUBLE -> {
          long bits = Double.doubleToLongBits(Double.parseDouble(v));
          p.int4(bits & 0xFFFFFFFFL).int4(bits >>> 32);
        }
        case DATE, NEWDATE -> {
          LocalDate d = LocalDate.parse(v);
          p.int1(4).int2(d.getYear()).int1(d.getMonthValue()).int1(d.getDayOfMonth());
        }
        case DATETIME, TIMESTAMP -> {
          LocalDateTime t = LocalDateTime.parse(v.replace(' ', 'T'));
          int micros = t.getNano() / 1000;
          p.int1(micros == 0 ? 7 : 11)
              .int2(t.getYear())
              .int1(t.getMonthValue())
              .int1(t.getDayOfMonth())
              .int1(t.getHour())
              .int1(t.getMinute())
              .int1(t.getSecond());
          if (micros != 0) {
            p.int4(micros);
          }
        }
        default -> p.lenencString(v);
      }
    } catch (RuntimeException e) {
      // The column's type promised a number or a date; a value that is not one would desynchronise
      // the row.
      throw new IllegalStateException("value '" + v + "' does not fit its " + type + " column", e);
    }
  }
}
