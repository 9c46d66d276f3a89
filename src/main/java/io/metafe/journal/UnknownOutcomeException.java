package io.metafe.journal;

/**
 * An append reached this node's journal, but the FOLLOWERs that must confirm it did not within the
 * ack timeout. The entries are in the local journal (so {@link Journal#refreshLastId} counts them),
 * yet the group may still roll them back if another FE becomes master without them: whether the
 * write happened is unknown until the FOLLOWERs return.
 */
public final class UnknownOutcomeException extends JournalException {
  private static final long serialVersionUID = 1L;

  public UnknownOutcomeException(String message, Throwable cause) {
    super(message, cause);
  }
}
