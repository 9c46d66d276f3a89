package io.metafe.recovery;

/**
 * Recovery must not go ahead; the message is the one line for the operator: the cause and the fix.
 */
public final class RecoveryRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecoveryRefusedException(String message) {
    super(message);
  }
}
