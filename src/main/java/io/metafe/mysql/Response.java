package io.metafe.mysql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Session} answers to one command. The server encodes it as an OK packet, an ERR
 * packet or a text result set.
 *
 * <p>All variants are immutable and thread-safe; constructors copy their lists and reject
 * inconsistent input with {@link IllegalArgumentException} or {@link NullPointerException}.
 */
public sealed interface Response {

  /** Success without rows. {@code info} may be empty (null is treated as empty). */
  record Ok(long affectedRows, long lastInsertId, int warnings, String info) implements Response {
    public Ok {
      if (affectedRows < 0 || lastInsertId < 0) {
        throw new IllegalArgumentException("affectedRows and lastInsertId must not be negative");
      }
      if (warnings < 0 || warnings > 0xFFFF) {
        throw new IllegalArgumentException("warnings out of range: " + warnings);
      }
      info = info == null ? "" : info;
    }
  }

  /**
   * A failure reported to the client. {@code sqlState} should be five characters; anything else is
   * sent as {@code HY000}. {@code code} must fit in two bytes.
   */
  record Error(int code, String sqlState, String message) implements Response {
    public Error {
      if (code < 0 || code > 0xFFFF) {
        throw new IllegalArgumentException("error code out of range: " + code);
      }
      sqlState = sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState;
      message = message == null ? "" : message;
    }
  }

  /**
   * Rows of text values; a {@code null} element is SQL NULL. Every row must have exactly one value
   * per column.
   */
  record ResultSet(List<ColumnMeta> columns, List<List<String>> rows) implements Response {
    public ResultSet {
      columns = List.copyOf(columns);
      List<List<String>> copied = new ArrayList<>(rows.size());
      for (List<String> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException(
              "row has "
                  + row.size()
                  + " values but the result set has "
                  + columns.size()
                  + " columns");
        }
        // List.copyOf rejects nulls, and null is how SQL NULL is spelled here.
        copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
      }
      rows = Collections.unmodifiableList(copied);
    }
  }

  /**
   * A statement prepared by COM_STMT_PREPARE: {@code handle} is the session's own, given back to
   * {@link Session#execute}; {@code columns} may be empty when they are only known once it runs.
   */
  record Prepared(Object handle, int parameterCount, List<ColumnMeta> columns) implements Response {
    public Prepared {
      Objects.requireNonNull(handle, "handle");
      if (parameterCount < 0 || parameterCount > 0xFFFF) {
        throw new IllegalArgumentException("parameter count out of range: " + parameterCount);
      }
      columns = List.copyOf(columns);
    }
  }

  /** OK with nothing affected. */
  static Ok ok() {
    return new Ok(0, 0, 0, "");
  }

  /** OK with the given number of affected rows. */
  static Ok ok(long affectedRows) {
    return new Ok(affectedRows, 0, 0, "");
  }

  static Error error(int code, String sqlState, String message) {
    return new Error(code, sqlState, message);
  }

  static ResultSet resultSet(List<ColumnMeta> columns, List<List<String>> rows) {
    return new ResultSet(columns, rows);
  }

  /** A result set with the given columns and no rows, e.g. for {@link Session#fieldList}. */
  static ResultSet columnsOnly(List<ColumnMeta> columns) {
    Objects.requireNonNull(columns, "columns");
    return new ResultSet(columns, List.of());
  }
}
