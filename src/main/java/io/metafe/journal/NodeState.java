package io.metafe.journal;

/** What the replication layer says this node is right now. */
public enum NodeState {
  /** Elected; the only node that may append. */
  MASTER,
  /** Following a known master and replaying its entries. */
  REPLICA,
  /** Not in contact with a master; reads may be stale. */
  UNKNOWN,
  /** Closed or invalidated; nothing more will happen. */
  DETACHED
}
