package io.metafe.recovery;

/**
 * What another FE of this cluster answered when probed before a reset, on its HTTP port and on its
 * edit_log_port.
 *
 * @param who the FE as the operator knows it: node name and address
 * @param httpAddress {@code host:http_port} probed
 * @param httpType the FE type it reported over HTTP (MASTER, FOLLOWER, ...), or null when it did
 *     not answer
 * @param httpClusterId the cluster id it reported over HTTP; 0 when it did not answer
 * @param groupAddress {@code host:edit_log_port} probed
 * @param groupAnswered bdbje answered there within the timeout
 * @param groupPaused something accepted the connection but bdbje never answered: a paused or
 *     overloaded FE
 * @param groupMaster the master that bdbje node knows, or null
 */
public record PeerAnswer(
    String who,
    String httpAddress,
    String httpType,
    int httpClusterId,
    String groupAddress,
    boolean groupAnswered,
    boolean groupPaused,
    String groupMaster) {

  /** Whether the FE answered at all. */
  public boolean answered() {
    return httpType != null || groupAnswered;
  }

  /**
   * It answered over HTTP with another cluster's id: whatever it says is not about this cluster.
   */
  boolean otherCluster(int clusterId) {
    return httpType != null && httpClusterId != clusterId;
  }

  /** What this answer says about a live master of this cluster, or null when it says none. */
  LiveMaster liveMaster(int clusterId) {
    if (otherCluster(clusterId)) {
      return null;
    }
    if ("MASTER".equals(httpType)) {
      return new LiveMaster(
          who + " answers as MASTER of this cluster (HTTP " + httpAddress + ")", groupAddress);
    }
    if (groupMaster != null) {
      String address = addressOf(groupMaster);
      return new LiveMaster(
          who
              + " is in a replication group whose master is "
              + groupMaster
              + " (bdbje at "
              + groupAddress
              + ")",
          address == null ? groupMaster : address);
    }
    return null;
  }

  /**
   * A live master as one answer revealed it: how, and its {@code host:edit_log_port} for --helper.
   */
  record LiveMaster(String how, String editLogAddress) {}

  /**
   * {@code host:port} from a node name {@code host_port_millis}, or null for a name in another
   * form.
   */
  private static String addressOf(String nodeName) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(.+)_(\\d+)_\\d+").matcher(nodeName);
    return m.matches() ? m.group(1) + ":" + m.group(2) : null;
  }

  String describe() {
    String state =
        httpType != null
            ? httpType
            : groupPaused
                ? "accepts connections but does not answer (paused?)"
                : "answers, knows no master";
    return who + ": " + state;
  }
}
