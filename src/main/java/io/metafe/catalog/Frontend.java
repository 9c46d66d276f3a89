package io.metafe.catalog;

import io.metafe.records.FrontendRole;

/**
 * An FE as the metadata records it. Immutable.
 *
 * @param stale the FE belongs to the bdbje group as it was before a metadata failure recovery reset it: its
 *     meta_dir is of no use any more, and it must be dropped and added again
 */
public record Frontend(String name, FrontendRole role, String host, int editLogPort, int httpPort, boolean stale) {
  public Frontend(String name, FrontendRole role, String host, int editLogPort, int httpPort) {
    this(name, role, host, editLogPort, httpPort, false);
  }

  /** {@code host:editLogPort}, the FE's identity in ALTER SYSTEM statements and in the bdbje group. */
  public String hostPort() {
    return host + ":" + editLogPort;
  }
}
