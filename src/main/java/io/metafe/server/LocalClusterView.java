package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.checkpoint.Checkpointer;
import io.metafe.config.ConfigException;
import io.metafe.config.ConfigKeys;
import io.metafe.session.ClusterView;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster as this FE sees it: itself with live values; other FEs as recorded. Heartbeats from
 * other FEs arrive with the multi-FE release. Thread-safe.
 */
final class LocalClusterView implements ClusterView {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(LocalClusterView.class);
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
    // Only bdbje knows who is master now; the last master the metadata recorded may be stopped or
    // deposed, and showing it as master while none is elected would mislead an operator who is
    // restarting the cluster.
    return server.bdb() == null ? null : server.bdb().masterName();
  }

  @Override
  public boolean isJoined(Frontend fe) {
    if (fe.name().equals(selfName())) {
      io.metafe.ha.FeType t = server.feType();
      return t == io.metafe.ha.FeType.MASTER
          || t == io.metafe.ha.FeType.FOLLOWER
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

  /**
   * The other FEs write theirs while this FE writes its own; each must hold at least the journal id
   * this FE had replayed when the statement ran, so that afterwards no image anywhere is older than
   * that.
   */
  @Override
  public List<String> createImages() {
    long atLeast = server.catalogHolder().current().journalId();
    CompletableFuture<List<String>> others =
        server.peers().requestCheckpoints(atLeast, server.config().get(ConfigKeys.HTTP_PORT));
    List<String> out = new ArrayList<>();
    try {
      long id =
          server.checkpointer().checkpoint("ALTER SYSTEM CREATE IMAGE at journal id " + atLeast);
      out.add(
          selfName()
              + ": "
              + (id == 0 ? "no image, the metadata is empty (journal id 0)" : "image." + id));
    } catch (RuntimeException e) {
      out.add(selfName() + ": " + e.getMessage());
    }
    out.addAll(others.join());
    LOG.info("ALTER SYSTEM CREATE IMAGE at journal id {}: {}", atLeast, String.join("; ", out));
    return out;
  }

  @Override
  public void setFrontendConfig(Map<String, String> values) {
    try {
      server.config().set(values);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    LOG.info("ADMIN SET FRONTEND CONFIG {}: in effect until this FE restarts", values);
  }

  @Override
  public FrontendStatus status(Frontend fe) {
    if (fe.name().equals(selfName())) {
      Checkpointer images = server.checkpointer();
      return new FrontendStatus(
          true,
          server.catalogHolder().current().journalId(),
          server.config().get(ConfigKeys.HTTP_PORT),
          server.config().get(ConfigKeys.QUERY_PORT),
          server.config().get(ConfigKeys.RPC_PORT),
          server.clock().wallMillis(),
          server.startTime(),
          FeServer.VERSION,
          "",
          images == null ? 0 : images.newestId(),
          images == null ? 0 : images.lastCheckpointMillis(),
          images == null ? "" : images.lastError());
    }
    return server.peers().status(fe);
  }
}
