package io.metafe.records;

/** The role an FE has in the metadata: FOLLOWERs vote and can become master; OBSERVERs only replay. */
public enum FrontendRole {
  FOLLOWER,
  OBSERVER
}
