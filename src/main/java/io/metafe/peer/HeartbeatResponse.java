package io.metafe.peer;

import java.util.Map;

/**
 * The master's answer to a heartbeat: how far its journal is (a replica that stays behind it
 * refuses reads) and every FE's status as the master last heard it, itself included.
 */
public record HeartbeatResponse(long masterJournalId, Map<String, FeStatus> statuses) {
  public HeartbeatResponse {
    statuses = statuses == null ? Map.of() : Map.copyOf(statuses);
  }
}
