package io.metafe.peer;

/**
 * {@code /version}: the cluster identity, only for the FE asked about, calling from its own host. A
 * joining FE gets the token itself; a member of the replication group only its SHA-256 digest, to
 * confirm it belongs to this cluster.
 */
public record VersionResponse(Integer clusterId, String token, String tokenSha256) {
  public static VersionResponse forJoining(int clusterId, String token) {
    return new VersionResponse(clusterId, token, null);
  }

  public static VersionResponse forMember(int clusterId, String token) {
    return new VersionResponse(clusterId, null, ClusterToken.sha256(token));
  }

  /** The digest of the token, whichever of the two the answer holds. */
  public String tokenDigest() {
    return token != null ? ClusterToken.sha256(token) : tokenSha256 == null ? "" : tokenSha256;
  }
}
