package io.metafe.peer;

/**
 * {@code /role}: the role and node name the master gave the FE asked about, as StarRocks' {@code
 * --helper} join reads them; {@code role} is {@code UNKNOWN} and the rest absent when no such FE is
 * listed.
 *
 * @param type the answering FE's own type (MASTER, FOLLOWER, ...): only the master's list is
 *     current
 * @param stale whether that FE belongs to the replication group from before a recovery elsewhere
 * @param master {@code name at host:edit_log_port} of the master, for the operator
 */
public record RoleResponse(String role, String type, String name, Boolean stale, String master) {
  public static final String UNKNOWN = "UNKNOWN";

  public static RoleResponse unknown(String type) {
    return new RoleResponse(UNKNOWN, type, null, null, null);
  }

  public boolean listed() {
    return role != null && !role.equals(UNKNOWN);
  }
}
