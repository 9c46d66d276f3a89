package io.metafe.session;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import java.util.regex.Pattern;

/**
 * Rules for database, table and column names (StarRocks': a letter first, then letters, digits and
 * '_').
 */
final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,255}");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,255}");

  private Names() {}

  static void checkDatabase(String name) {
    if (!NAME.matcher(name).matches()) {
      throw SqlException.of(
          SqlError.WRONG_DB_NAME,
          name,
          "use a letter first, then letters, digits or '_' (at most 256 characters)");
    }
  }

  static void checkTable(String name) {
    if (!NAME.matcher(name).matches()) {
      throw SqlException.of(
          SqlError.WRONG_TABLE_NAME,
          name,
          "use a letter first, then letters, digits or '_' (at most 256 characters)");
    }
  }

  static void checkColumn(String name) {
    if (!COLUMN.matcher(name).matches()) {
      throw SqlException.of(
          SqlError.WRONG_COLUMN_NAME,
          name,
          "use a letter or '_' first, then letters, digits, '_', '.' or '-'");
    }
  }
}
