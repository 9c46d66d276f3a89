package io.metafe.edit;

/** The write path is stopped (shutdown or loss of mastership); the change was not applied. */
public final class EditLogClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EditLogClosedException(String message) {
    super(message);
  }
}
