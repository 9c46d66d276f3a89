package io.metafe.journal.bdb;

/**
 * Turns bdbje's exceptions into one line an operator can read: bdbje's own words from the innermost
 * exception that has any, without its version prefix, class names or the stack trace some of its
 * messages carry (an exception bdbje rethrows from another thread has that thread's stack trace
 * written into its message).
 */
final class BdbErrors {
  private BdbErrors() {}

  static String describe(Throwable e) {
    String best = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String line = firstWords(t.getMessage());
      if (line != null) {
        best = line;
      }
    }
    if (best == null) {
      return e.getClass().getSimpleName();
    }
    String line = best.replaceFirst("^\\(JE [0-9.]+\\)\\s*", "");
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }

  /** The first line of a message that is not part of a stack trace, or null. */
  private static String firstWords(String message) {
    if (message == null) {
      return null;
    }
    return message
        .lines()
        .map(String::strip)
        .filter(
            l ->
                !l.isEmpty()
                    && !l.startsWith("at ")
                    && !l.startsWith("...")
                    && !l.startsWith("java.lang.Exception: Stacktrace where"))
        .findFirst()
        .orElse(null);
  }
}
