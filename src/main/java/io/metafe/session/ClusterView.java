package io.metafe.session;

import io.metafe.catalog.Frontend;
import java.util.List;

/**
 * What the running FE knows about the cluster beyond the catalog: who is master according to the
 * journal's replication layer, and each FE's liveness. Implemented by the server; thread-safe.
 */
public interface ClusterView {

  /** This FE's node name. */
  String selfName();

  int clusterId();

  /** The node name of the current master according to bdbje, or null if none is known. */
  String masterName();

  /** Whether the FE is a member of the bdbje replication group. */
  boolean isJoined(Frontend fe);

  /**
   * Removes a dropped FOLLOWER from the bdbje group so that it no longer counts towards the quorum.
   * Retries in the background while the FE is still running (bdbje refuses to remove an active
   * member); never throws.
   */
  void removeFromGroup(String nodeName);

  /**
   * Why this FE must not serve catalog reads now (its metadata may be stale), or null when it may.
   */
  String staleness();

  /** The host name of an IP address, as SHOW FRONTENDS shows it; never blocks on DNS for long. */
  String hostName(String ip);

  /** The latest known status of an FE. */
  FrontendStatus status(Frontend fe);

  /**
   * Writes an image on this FE now and has every other live FE write one at least as new (ALTER
   * SYSTEM CREATE IMAGE), on whichever FE it runs.
   *
   * @return one line per FE in the frontend list, this FE first: the image it holds now, or why not
   */
  List<String> createImages();

  /**
   * Changes mutable fe.conf keys on this FE until it restarts: all of them, or none if one cannot
   * be set.
   *
   * @throws IllegalArgumentException naming the key and why it cannot be set
   */
  void setFrontendConfig(java.util.Map<String, String> values);

  /**
   * Live values for one FE.
   *
   * @param httpPort as the FE reports it; 0 when not heard from (SHOW FRONTENDS then shows the
   *     recorded one)
   * @param lastHeartbeatMillis 0 when never heard from
   * @param startTimeMillis 0 when not alive
   * @param imageJournalId the newest image the FE holds; 0 when none or not heard from
   * @param lastCheckpointMillis when that image was written; 0 when unknown
   * @param checkpointError why its last checkpoint failed, or empty
   */
  record FrontendStatus(
      boolean alive,
      long replayedJournalId,
      int httpPort,
      int queryPort,
      int rpcPort,
      long lastHeartbeatMillis,
      long startTimeMillis,
      String version,
      String errMsg,
      long imageJournalId,
      long lastCheckpointMillis,
      String checkpointError) {}
}
