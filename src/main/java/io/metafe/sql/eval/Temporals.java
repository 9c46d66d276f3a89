package io.metafe.sql.eval;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the date and datetime spellings MySQL accepts in strict mode: {@code YYYY-MM-DD},
 * one-digit month and day, {@code YYYYMMDD}, and an optional time {@code HH:MM:SS[.ffffff]} after a
 * space or {@code T}. Zero dates and out-of-range fields are rejected (null) because no Java date
 * can hold them.
 */
public final class Temporals {
  private static final Pattern DELIMITED =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,6})\\d*)?)?");
  private static final Pattern COMPACT =
      Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(\\d{2})(\\d{2}))?");

  private Temporals() {}

  /** A date, or null when {@code text} is not one. A datetime string gives its date part. */
  public static LocalDate parseDate(String text) {
    LocalDateTime dateTime = parseDateTime(text);
    return dateTime == null ? null : dateTime.toLocalDate();
  }

  /** A datetime, or null; a date without time means midnight. */
  public static LocalDateTime parseDateTime(String text) {
    String s = text.trim();
    Matcher m = DELIMITED.matcher(s);
    if (!m.matches()) {
      m = COMPACT.matcher(s);
      if (!m.matches()) {
        return null;
      }
    }
    try {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      if (m.group(4) == null) {
        return date.atStartOfDay();
      }
      int nanos = 0;
      if (m.groupCount() >= 7 && m.group(7) != null) {
        String fraction = (m.group(7) + "000000").substring(0, 6);
        nanos = Integer.parseInt(fraction) * 1000;
      }
      return LocalDateTime.of(
          date,
          LocalTime.of(
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)),
              nanos));
    } catch (DateTimeException e) {
      return null;
    }
  }
}
