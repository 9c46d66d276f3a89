package io.metafe.journal;

/**
 * An append was refused because this node is no longer the master: bdbje elected another node while
 * this one was paused or cut off, or is electing one now. The commit was refused before it was
 * written, so nothing of the append is visible anywhere; it may be run again on the new master.
 */
public final class NotMasterException extends JournalException {
  private static final long serialVersionUID = 1L;

  public NotMasterException(String message, Throwable cause) {
    super(message, cause);
  }
}
