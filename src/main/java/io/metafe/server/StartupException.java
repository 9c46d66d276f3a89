package io.metafe.server;

/**
 * The FE refuses to start; the message is the one line the operator needs: the cause and the fix.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
