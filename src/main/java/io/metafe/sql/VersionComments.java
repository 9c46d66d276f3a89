package io.metafe.sql;

/**
 * MySQL's executable comments, resolved before parsing: {@code /*!NNNNN body *}{@code /} and {@code
 * /*! body *}{@code /} (and MariaDB's {@code /*M!NNNNNN ... *}{@code /}) run their body when the
 * version is at or below the server's, and are dropped otherwise. Every removed character becomes a
 * space, so error positions still point into the text the client sent. Quoted strings, quoted names
 * and ordinary comments (optimizer hints {@code /*+ ... *}{@code /} among them, which MetaFE
 * ignores) are left as they are.
 */
public final class VersionComments {
  private final int serverVersion;

  /**
   * @param serverVersion the reported version as MySQL numbers it: 8.0.33 is 80033
   */
  public VersionComments(int serverVersion) {
    this.serverVersion = serverVersion;
  }

  /**
   * MySQL's number for a version string such as {@code 8.0.33} or {@code 5.7.44-log}; 0 if it has
   * no digits.
   */
  public static int number(String version) {
    String[] parts = version.split("[^0-9]+", -1);
    int[] p = new int[3];
    int n = 0;
    for (String part : parts) {
      if (!part.isEmpty() && n < 3) {
        p[n++] = Integer.parseInt(part.length() > 4 ? part.substring(0, 4) : part);
      }
    }
    return p[0] * 10000 + p[1] * 100 + p[2];
  }

  /**
   * The statement with executable comments opened or dropped; the input itself when it has none.
   */
  public String expand(String sql) {
    if (!sql.contains("/*!") && !sql.contains("/*M!")) {
      return sql;
    }
    char[] out = sql.toCharArray();
    int i = 0;
    int n = out.length;
    while (i < n) {
      char c = out[i];
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(out, i);
      } else if (c == '#' || (c == '-' && startsLineComment(out, i))) {
        i = skipLine(out, i);
      } else if (c == '/' && i + 1 < n && out[i + 1] == '*') {
        i = comment(out, i);
      } else {
        i++;
      }
    }
    return new String(out);
  }

  private int comment(char[] s, int start) {
    int bang = start + 2;
    boolean maria = bang < s.length && s[bang] == 'M' && bang + 1 < s.length && s[bang + 1] == '!';
    if (maria) {
      bang++;
    }
    if (bang >= s.length || s[bang] != '!') {
      // An ordinary comment (or an unterminated one, which the parser reports): the lexer skips it.
      int end = indexOf(s, start + 2, "*/");
      return end < 0 ? s.length : end + 2;
    }
    int end = executableEnd(s, bang + 1);
    if (end < 0) {
      return s.length;
    }
    int digits = bang + 1;
    while (digits < s.length
        && digits < bang + 1 + (maria ? 6 : 5)
        && Character.isDigit(s[digits])) {
      digits++;
    }
    int version =
        digits == bang + 1 ? 0 : Integer.parseInt(new String(s, bang + 1, digits - bang - 1));
    if (version <= serverVersion) {
      blank(s, start, digits);
      blank(s, end, end + 2);
      // The body is SQL like any other: it may hold strings and comments of its own, so scan it
      // again.
      return digits;
    }
    blank(s, start, end + 2);
    return end + 2;
  }

  /**
   * Where an executable comment's {@code *}{@code /} is: strings and ordinary comments inside it
   * are skipped.
   */
  private static int executableEnd(char[] s, int from) {
    int i = from;
    while (i < s.length) {
      char c = s[i];
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(s, i);
      } else if (c == '/' && i + 1 < s.length && s[i + 1] == '*') {
        int end = indexOf(s, i + 2, "*/");
        if (end < 0) {
          return -1;
        }
        i = end + 2;
      } else if (c == '*' && i + 1 < s.length && s[i + 1] == '/') {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }

  private static boolean startsLineComment(char[] s, int i) {
    if (i + 1 >= s.length || s[i + 1] != '-') {
      return false;
    }
    return i + 2 == s.length || Character.isWhitespace(s[i + 2]);
  }

  private static int skipLine(char[] s, int i) {
    while (i < s.length && s[i] != '\n') {
      i++;
    }
    return i;
  }

  /**
   * The index just past the quoted string or name that starts at {@code start}; the text's end if
   * unterminated.
   */
  static int skipQuoted(char[] s, int start) {
    char quote = s[start];
    int i = start + 1;
    while (i < s.length) {
      if (s[i] == '\\' && quote != '`') {
        i += 2;
      } else if (s[i] == quote) {
        if (i + 1 < s.length && s[i + 1] == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  private static int indexOf(char[] s, int from, String what) {
    for (int i = from; i + what.length() <= s.length; i++) {
      if (s[i] == what.charAt(0) && s[i + 1] == what.charAt(1)) {
        return i;
      }
    }
    return -1;
  }

  private static void blank(char[] s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s[i] != '\n') {
        s[i] = ' ';
      }
    }
  }
}
