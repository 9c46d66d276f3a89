package io.metafe.catalog;

import io.metafe.records.FrontendRole;

/**
 * An FE as the metadata records it. Immutable.
 *
 * @param httpPort the FE's HTTP port as it last reported it to a master; 0 until it has
 * @param queryPort its MySQL port, likewise
 * @param rpcPort its RPC port, likewise
 * @param stale the FE belongs to the bdbje group as it was before a metadata failure recovery reset
 *     it: its meta_dir is of no use any more, and it must be dropped and added again
 */
public record Frontend(
    String name,
    FrontendRole role,
    String host,
    int editLogPort,
    int httpPort,
    int queryPort,
    int rpcPort,
    boolean stale) {
  public Frontend(String name, FrontendRole role, String host, int editLogPort, int httpPort) {
    this(name, role, host, editLogPort, httpPort, 0, 0, false);
  }

  /**
   * {@code host:editLogPort}, the FE's identity in ALTER SYSTEM statements and in the bdbje group.
   */
  public String hostPort() {
    return host + ":" + editLogPort;
  }

  Frontend withPorts(int http, int query, int rpc) {
    return new Frontend(name, role, host, editLogPort, http, query, rpc, stale);
  }

  Frontend withRoleAndStale(FrontendRole newRole, boolean isStale) {
    return new Frontend(name, newRole, host, editLogPort, httpPort, queryPort, rpcPort, isStale);
  }

  /** Whether the recorded ports differ from these (0 means unknown and never differs). */
  public boolean portsDiffer(int http, int query, int rpc) {
    return (http != 0 && http != httpPort)
        || (query != 0 && query != queryPort)
        || (rpc != 0 && rpc != rpcPort);
  }
}
