package io.metafe.peer;

/**
 * {@code /api/health}: what load balancers, operators and the split-brain guard of a recovery read:
 * the FE's type (MASTER, FOLLOWER, ..., UNKNOWN while no master is elected) and cluster id.
 */
public record HealthResponse(
    String status,
    String type,
    long replayedJournalId,
    long feStartTime,
    String feVersion,
    int clusterId) {}
