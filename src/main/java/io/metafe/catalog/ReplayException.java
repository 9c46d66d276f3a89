package io.metafe.catalog;

/**
 * A record that cannot be applied to the catalog it follows. The write path validates every change
 * before it is appended, so this means a damaged journal or a bug, never bad user input.
 */
public final class ReplayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplayException(String message) {
    super(message);
  }
}
