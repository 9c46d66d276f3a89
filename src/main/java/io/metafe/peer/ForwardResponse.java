package io.metafe.peer;

/**
 * The master's answer to forwarded writes, which the forwarding FE hands its client as it is.
 *
 * @param errorCode 0 for success, else the MySQL error code
 * @param journalId the master's journal id after the writes: the forwarding FE answers its client
 *     once it has replayed this far, so that the client reads its own writes there
 */
public record ForwardResponse(
    int errorCode, String sqlState, String message, long affectedRows, long journalId) {

  /** A refusal before anything ran; 1105 is what MySQL clients show as an unknown error. */
  public static ForwardResponse refused(String message) {
    return new ForwardResponse(1105, "HY000", message, 0, 0);
  }

  /** The master's refusal when every forward thread is busy and the queue is full. */
  public static ForwardResponse queueFull(int running, int waiting) {
    return refused(
        "the master has "
            + running
            + " forwarded writes running and "
            + waiting
            + " waiting, so it refused this one and nothing was run; retry shortly, or send fewer"
            + " writes at once through non-master FEs");
  }
}
