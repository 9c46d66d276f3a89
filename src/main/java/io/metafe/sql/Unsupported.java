package io.metafe.sql;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the MySQL features that MetaFE does not have, for a statement that failed to parse, so that
 * the client gets error 1235 saying which feature instead of a syntax error about a token.
 * Stateless.
 */
final class Unsupported {
  private Unsupported() {}

  /** Statement openings, tried in order; the first group names the feature. */
  private static final List<Pattern> STATEMENTS =
      List.of(
          Pattern.compile("^(UPDATE)\\b"),
          Pattern.compile("^(DELETE)\\b"),
          Pattern.compile("^(REPLACE)\\b"),
          Pattern.compile("^(TRUNCATE)\\b"),
          Pattern.compile("^(RENAME)\\b"),
          Pattern.compile("^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK (?:WORK )?TO)\\b"),
          Pattern.compile(
              "^((?:CREATE|DROP|ALTER) (?:OR REPLACE )?(?:VIEW|INDEX|UNIQUE INDEX|PROCEDURE|FUNCTION|TRIGGER"
                  + "|EVENT|USER|ROLE|SEQUENCE|TEMPORARY TABLE|MATERIALIZED VIEW|RESOURCE GROUP|CATALOG))\\b"),
          Pattern.compile("^(ALTER TABLE)\\b"),
          Pattern.compile(
              "^(GRANT|REVOKE|CALL|HANDLER|DO|XA|PREPARE|EXECUTE|DEALLOCATE PREPARE|LOAD DATA|SET PASSWORD"
                  + "|FLUSH|KILL|ANALYZE|OPTIMIZE|CHECK TABLE|REPAIR)\\b"));

  /** Clauses inside a statement MetaFE otherwise understands. */
  private static final List<Pattern> CLAUSES =
      List.of(
          Pattern.compile("\\b((?:(?:INNER|CROSS|LEFT|RIGHT|NATURAL|FULL)(?: OUTER)? )?JOIN)\\b"),
          Pattern.compile("\\b(UNION|INTERSECT|EXCEPT)\\b"),
          Pattern.compile("\\b(FOR UPDATE|FOR SHARE|LOCK IN SHARE MODE)\\b"),
          Pattern.compile("\\b(ON DUPLICATE KEY UPDATE)\\b"),
          Pattern.compile("\\b(WITH ROLLUP|OVER ?\\()"),
          Pattern.compile("^(WITH)\\b"));

  /**
   * The feature the statement uses that MetaFE lacks, or null when it looks like plain bad syntax.
   *
   * @param sql the statement with comments blanked is best, but any text works
   */
  static String feature(String sql) {
    String flat = flatten(sql).replaceAll("\\s+", " ").strip().toUpperCase(Locale.ROOT);
    for (Pattern p : STATEMENTS) {
      Matcher m = p.matcher(flat);
      if (m.find()) {
        return m.group(1);
      }
    }
    for (Pattern p : CLAUSES) {
      Matcher m = p.matcher(flat);
      if (m.find()) {
        return m.group(1).replace(" (", "(");
      }
    }
    return null;
  }

  /**
   * The statement with each quoted string or name replaced by {@code x} and each comment by a
   * space, in one pass (a regular expression over a long string would recurse once per character).
   */
  private static String flatten(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    char[] chars = sql.toCharArray();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = VersionComments.skipQuoted(chars, i);
        out.append('x');
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (c == '#' || (c == '-' && sql.startsWith("-- ", i))) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
