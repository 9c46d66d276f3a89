package io.metafe.peer;

/**
 * One FE's status: the body of its heartbeat to the master, and each entry of the master's answer,
 * which is what SHOW FRONTENDS shows on every FE.
 *
 * @param receivedAt when the master received it, in the master's wall-clock millis; 0 in the
 *     heartbeat itself
 * @param imageJournalId the FE's newest image, which the master's journal trimming must not pass
 */
public record FeStatus(
    String name,
    String type,
    long replayedJournalId,
    int queryPort,
    int rpcPort,
    int httpPort,
    long startTime,
    String version,
    long imageJournalId,
    long lastCheckpointTime,
    String checkpointError,
    long receivedAt) {

  public FeStatus receivedAt(long wallMillis) {
    return new FeStatus(
        name,
        type,
        replayedJournalId,
        queryPort,
        rpcPort,
        httpPort,
        startTime,
        version,
        imageJournalId,
        lastCheckpointTime,
        checkpointError,
        wallMillis);
  }
}
