package io.metafe.journal.bdb;

/**
 * Turns bdbje's exceptions into one line an operator can read: bdbje's own words from the innermost exception that
 * has any, without its version prefix, class names or the stack trace some of its messages carry.
 */
final class BdbErrors {
  private BdbErrors() {}

  static String describe(Throwable e) {
    String best = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && !m.startsWith("java.lang.Exception: Stacktrace where")) {
        best = m;
      }
    }
    if (best == null) {
      return e.getClass().getSimpleName();
    }
    String line = best.strip().lines().findFirst().orElse("");
    line = line.replaceFirst("^\\(JE [0-9.]+\\)\\s*", "");
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
