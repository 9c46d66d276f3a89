package io.metafe.ha;

/** What this FE is doing, as operators know it from StarRocks' logs. */
public enum FeType {
  INIT,
  MASTER,
  FOLLOWER,
  OBSERVER,
  UNKNOWN
}
