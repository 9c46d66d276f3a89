package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.checkpoint.Checkpointer;
import io.metafe.config.ConfigException;
import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.edit.CatalogHolder;
import io.metafe.ha.FeType;
import io.metafe.ha.RoleController;
import io.metafe.journal.bdb.BdbEnvironment;
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
  private final NodeContext node;
  private final CatalogHolder catalog;
  private final BdbEnvironment bdb;
  private final RoleController roles;
  private final Peers peers;
  private final GroupMembership membership;
  private final Checkpointer checkpointer;
  private final ConcurrentHashMap<String, String> hostNames = new ConcurrentHashMap<>();

  LocalClusterView(
      NodeContext node,
      CatalogHolder catalog,
      BdbEnvironment bdb,
      RoleController roles,
      Peers peers,
      GroupMembership membership,
      Checkpointer checkpointer) {
    this.node = node;
    this.catalog = catalog;
    this.bdb = bdb;
    this.roles = roles;
    this.peers = peers;
    this.membership = membership;
    this.checkpointer = checkpointer;
  }

  @Override
  public String selfName() {
    return node.nodeName();
  }

  @Override
  public int clusterId() {
    return node.clusterId();
  }

  @Override
  public String masterName() {
    // Only bdbje knows who is master now; the last master the metadata recorded may be stopped or
    // deposed, and showing it as master while none is elected would mislead an operator who is
    // restarting the cluster.
    return bdb.masterName();
  }

  @Override
  public boolean isJoined(Frontend fe) {
    if (fe.name().equals(selfName())) {
      FeType t = roles.type();
      return t == FeType.MASTER || t == FeType.FOLLOWER || t == FeType.OBSERVER;
    }
    return bdb.memberNames().contains(fe.name());
  }

  @Override
  public String staleness() {
    return peers.staleness();
  }

  @Override
  public void removeFromGroup(String nodeName) {
    membership.removeEventually(nodeName);
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
    long atLeast = catalog.current().journalId();
    CompletableFuture<List<String>> others = peers.requestCheckpoints(atLeast, node.httpPort());
    List<String> out = new ArrayList<>();
    try {
      long id = checkpointer.checkpoint("ALTER SYSTEM CREATE IMAGE at journal id " + atLeast);
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
      node.config().set(values);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    LOG.info("ADMIN SET FRONTEND CONFIG {}: in effect until this FE restarts", values);
  }

  @Override
  public FrontendStatus status(Frontend fe) {
    if (fe.name().equals(selfName())) {
      FeConfig config = node.config();
      return new FrontendStatus(
          true,
          catalog.current().journalId(),
          config.get(ConfigKeys.HTTP_PORT),
          config.get(ConfigKeys.QUERY_PORT),
          config.get(ConfigKeys.RPC_PORT),
          node.clock().wallMillis(),
          node.startTime(),
          FeServer.VERSION,
          "",
          checkpointer.newestId(),
          checkpointer.lastCheckpointMillis(),
          checkpointer.lastError());
    }
    return peers.status(fe);
  }
}
