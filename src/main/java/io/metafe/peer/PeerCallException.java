package io.metafe.peer;

import java.io.IOException;

/**
 * A call to another FE that brought no answer, saying how far it got: callers decide on that
 * whether the request may have taken effect (a forwarded write that reached nobody may go to the
 * next master).
 */
public final class PeerCallException extends IOException {
  private static final long serialVersionUID = 1L;

  public enum Failure {
    /** Nothing listens there (connection refused): the request reached nobody. */
    NOTHING_LISTENS,
    /** No connection within the connect timeout: the host is down or cut off. */
    CONNECT_TIMEOUT,
    /** Connected and sent, but no answer within the route's timeout: it may have taken effect. */
    NO_ANSWER,
    /**
     * The FE answered with a refusal (the message is its reason): the request was not carried out.
     */
    REFUSED,
    /** Anything else: a reset connection, an answer that cannot be read. */
    BROKEN,
    /** This thread was interrupted while it waited. */
    INTERRUPTED
  }

  private final Failure failure;
  private final int httpStatus;

  PeerCallException(Failure failure, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
    this.httpStatus = httpStatus;
  }

  public Failure failure() {
    return failure;
  }

  /** The HTTP status of a refusal; 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Whether the request certainly reached no FE, so that sending it elsewhere is safe. */
  public boolean reachedNobody() {
    return failure == Failure.NOTHING_LISTENS;
  }
}
