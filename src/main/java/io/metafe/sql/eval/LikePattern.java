package io.metafe.sql.eval;

/**
 * A compiled SQL LIKE pattern: {@code %} any run, {@code _} one character, {@code \} escapes the
 * next character. Matching is case-insensitive (as utf8mb4_general_ci) and needs no regular
 * expressions, so user patterns cannot cause catastrophic backtracking. Immutable and thread-safe.
 */
public final class LikePattern {
  private static final int LITERAL = 0;
  private static final int ANY_ONE = 1;
  private static final int ANY_RUN = 2;

  private final int[] kinds;
  private final int[] chars;

  private LikePattern(int[] kinds, int[] chars) {
    this.kinds = kinds;
    this.chars = chars;
  }

  public static LikePattern compile(String pattern) {
    int[] cps = pattern.codePoints().toArray();
    int[] kinds = new int[cps.length];
    int[] chars = new int[cps.length];
    int n = 0;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '\\' && i + 1 < cps.length) {
        kinds[n] = LITERAL;
        chars[n++] = cps[++i];
      } else if (c == '%') {
        if (n > 0 && kinds[n - 1] == ANY_RUN) {
          continue;
        }
        kinds[n++] = ANY_RUN;
      } else if (c == '_') {
        kinds[n++] = ANY_ONE;
      } else {
        kinds[n] = LITERAL;
        chars[n++] = c;
      }
    }
    return new LikePattern(java.util.Arrays.copyOf(kinds, n), java.util.Arrays.copyOf(chars, n));
  }

  /** Convenience for one-off matches, e.g. SHOW ... LIKE; a null pattern matches everything. */
  public static boolean matches(String patternOrNull, String text) {
    return patternOrNull == null || compile(patternOrNull).matches(text);
  }

  public boolean matches(String text) {
    int[] t = text.codePoints().toArray();
    int ti = 0;
    int pi = 0;
    int runAt = -1;
    int runText = 0;
    // Greedy match that backtracks only to the most recent %, which is sufficient for LIKE.
    while (ti < t.length) {
      if (pi < kinds.length && kinds[pi] == ANY_ONE) {
        ti++;
        pi++;
      } else if (pi < kinds.length && kinds[pi] == LITERAL && same(chars[pi], t[ti])) {
        ti++;
        pi++;
      } else if (pi < kinds.length && kinds[pi] == ANY_RUN) {
        runAt = pi++;
        runText = ti;
      } else if (runAt >= 0) {
        pi = runAt + 1;
        ti = ++runText;
      } else {
        return false;
      }
    }
    while (pi < kinds.length && kinds[pi] == ANY_RUN) {
      pi++;
    }
    return pi == kinds.length;
  }

  private static boolean same(int a, int b) {
    return a == b
        || Character.toUpperCase(a) == Character.toUpperCase(b)
        || Character.toLowerCase(a) == Character.toLowerCase(b);
  }
}
