package io.metafe.catalog;

import io.metafe.records.FrontendRole;

/** An FE as the metadata records it. Immutable. */
public record Frontend(String name, FrontendRole role, String host, int editLogPort, int httpPort) {
  /** {@code host:editLogPort}, the FE's identity in ALTER SYSTEM statements and in the bdbje group. */
  public String hostPort() {
    return host + ":" + editLogPort;
  }
}
