package io.metafe.journal;

/** What the replication layer says this node is right now. */
public enum NodeState {
  /** Elected; the only node that may append. */
  MASTER,
  /** Following a known master and replaying its entries. */
  REPLICA,
  /** Not in contact with a master; reads may be stale. */
  UNKNOWN,
  /**
   * The replication layer invalidated the storage under a running node, e.g. to roll back entries
   * it committed that the group's master does not have; reopening it (see {@link
   * Journal#reopenAfterRollback}) recovers.
   */
  INVALIDATED,
  /** Closed; nothing more will happen. */
  DETACHED
}
