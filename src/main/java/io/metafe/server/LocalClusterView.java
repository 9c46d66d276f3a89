package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.config.ConfigKeys;
import io.metafe.records.MasterInfo;
import io.metafe.session.ClusterView;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster as this FE sees it: itself with live values; other FEs as recorded. Heartbeats from other FEs arrive
 * with the multi-FE release. Thread-safe.
 */
final class LocalClusterView implements ClusterView {
  private final FeServer server;
  private final ConcurrentHashMap<String, String> hostNames = new ConcurrentHashMap<>();

  LocalClusterView(FeServer server) {
    this.server = server;
  }

  @Override
  public String selfName() {
    return server.stored().node().name();
  }

  @Override
  public int clusterId() {
    return server.stored().cluster().clusterId();
  }

  @Override
  public String masterName() {
    String fromBdb = server.bdb() == null ? null : server.bdb().masterName();
    if (fromBdb != null) {
      return fromBdb;
    }
    MasterInfo m = server.catalogHolder().current().master();
    return m == null ? null : m.nodeName();
  }

  @Override
  public boolean isJoined(Frontend fe) {
    if (fe.name().equals(selfName())) {
      io.metafe.ha.FeType t = server.feType();
      return t == io.metafe.ha.FeType.MASTER || t == io.metafe.ha.FeType.FOLLOWER
          || t == io.metafe.ha.FeType.OBSERVER;
    }
    return server.bdb() != null && server.bdb().memberNames().contains(fe.name());
  }

  @Override
  public String staleness() {
    return server.peers().staleness();
  }

  @Override
  public void removeFromGroup(String nodeName) {
    server.removeMemberEventually(nodeName);
  }

  @Override
  public String hostName(String ip) {
    return hostNames.computeIfAbsent(ip, LocalClusterView::lookup);
  }

  private static String lookup(String ip) {
    try {
      return InetAddress.getByName(ip).getHostName();
    } catch (UnknownHostException e) {
      return ip;
    }
  }

  @Override
  public FrontendStatus status(Frontend fe) {
    if (fe.name().equals(selfName())) {
      return new FrontendStatus(true, server.catalogHolder().current().journalId(),
          server.config().get(ConfigKeys.HTTP_PORT), server.config().get(ConfigKeys.QUERY_PORT), server.config().get(ConfigKeys.RPC_PORT),
          System.currentTimeMillis(), server.startTime(), FeServer.VERSION, "");
    }
    return server.peers().status(fe);
  }
}
