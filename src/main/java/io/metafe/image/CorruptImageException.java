package io.metafe.image;

/**
 * An image file that is damaged, truncated, or of an unknown format; the message names the file and
 * the cause.
 */
public final class CorruptImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptImageException(String message) {
    super(message);
  }

  public CorruptImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
