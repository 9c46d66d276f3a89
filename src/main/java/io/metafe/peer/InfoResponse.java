package io.metafe.peer;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code /info}: this FE's newest image id, also as {@code imageSeq}, which older tools read, its
 * cluster id under the JSON name older tools read, and its replayed journal id.
 */
public record InfoResponse(
    long imageJournalId,
    long imageSeq,
    @JsonProperty("clusterID") int clusterId,
    long replayedJournalId) {
  public static InfoResponse of(long imageJournalId, int clusterId, long replayedJournalId) {
    return new InfoResponse(imageJournalId, imageJournalId, clusterId, replayedJournalId);
  }
}
