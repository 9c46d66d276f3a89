package io.metafe.checkpoint;

/**
 * A checkpoint could not be written; the message names the cause. The older images are untouched.
 */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
