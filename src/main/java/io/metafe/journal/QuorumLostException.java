package io.metafe.journal;

/**
 * An append was refused before anything was committed: too few FOLLOWERs are in contact with the
 * master for the commit to be durable at the configured ack policy. Nothing of the append is
 * visible anywhere; the same append may succeed once enough FOLLOWERs are back. The message names
 * the unreachable FOLLOWERs for the operator.
 */
public final class QuorumLostException extends JournalException {
  private static final long serialVersionUID = 1L;

  public QuorumLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
