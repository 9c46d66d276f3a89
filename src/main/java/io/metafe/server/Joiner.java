package io.metafe.server;

import io.metafe.metadir.ClusterIdentity;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.NodeIdentity;
import io.metafe.peer.ClusterToken;
import io.metafe.peer.FrontendQuery;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerCallException;
import io.metafe.peer.PeerClient;
import io.metafe.peer.RoleResponse;
import io.metafe.peer.Route;
import io.metafe.peer.VersionResponse;
import io.metafe.records.FrontendRole;
import io.metafe.time.Clock;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new FE's first start with {@code --helper}: asks the helper for the role and node name the
 * master gave this address at {@code ALTER SYSTEM ADD}, then for the cluster id and token, and
 * writes ROLE and VERSION. Keeps asking, every 5 s, until the FE has been added; bdbje then copies
 * the journal when the environment opens.
 */
final class Joiner {
  private static final Logger LOG = LoggerFactory.getLogger(Joiner.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  /**
   * A new FE has nothing to start from without its helper, so a helper that cannot be reached for
   * this long is a configuration error rather than an outage to wait out. An FE that is reached but
   * not yet added waits forever.
   */
  static final Duration GIVE_UP_UNREACHABLE = Duration.ofSeconds(30);

  private final Helper helper;
  private final String selfHost;
  private final int selfEditLogPort;
  private final PeerClient client;
  private final Clock clock;
  private boolean unreachable;

  /** The clock's nanos when the helper stopped answering; while {@link #unreachable}. */
  private long unreachableSince;

  /**
   * @param clock spaces the attempts and measures how long the helper has been unreachable; the
   *     HTTP requests' own timeouts are the client's
   */
  Joiner(Helper helper, String selfHost, int selfEditLogPort, PeerClient client, Clock clock) {
    this.helper = helper;
    this.selfHost = selfHost;
    this.selfEditLogPort = selfEditLogPort;
    this.client = client;
    this.clock = clock;
  }

  /**
   * Learns this FE's identity from the helper. Nothing is written: the caller persists it only once
   * bdbje has accepted this node, so that an interrupted join never leaves a meta_dir that could
   * start a cluster of its own.
   */
  MetaDir.Stored join(int configuredClusterId) {
    checkHelperIsListed();
    NodeIdentity node = awaitRole();
    ClusterIdentity cluster = clusterIdentity();
    if (configuredClusterId != -1 && configuredClusterId != cluster.clusterId()) {
      throw new StartupException(
          "helper "
              + helper
              + " belongs to cluster "
              + cluster.clusterId()
              + " but cluster_id in fe.conf is "
              + configuredClusterId
              + "; fix cluster_id or the helper");
    }
    LOG.info(
        "joining cluster {} through helper {} as {} {}",
        cluster.clusterId(),
        helper,
        node.role(),
        node.name());
    return new MetaDir.Stored(cluster, node);
  }

  /**
   * The FE answering on the helper's HTTP port must list the helper's edit_log_port, or bdbje would
   * join a different cluster than the one whose identity this FE takes.
   */
  private void checkHelperIsListed() {
    while (true) {
      try {
        RoleResponse role = role(new FrontendQuery(helper.host(), helper.editLogPort()));
        if (!role.listed()) {
          throw new StartupException(
              "the FE answering on "
                  + helper.host()
                  + ":"
                  + helper.httpPort()
                  + " (HTTP)"
                  + " does not list "
                  + helper.editLogAddress()
                  + " as an FE of its cluster; --helper must name one FE's"
                  + " edit_log_port and, if it differs from this FE's, that same FE's http_port");
        }
        return;
      } catch (IOException e) {
        unreachable(e);
        sleep();
      }
    }
  }

  /**
   * Logs an unreachable helper, or gives up once it has been unreachable for {@link
   * #GIVE_UP_UNREACHABLE}.
   */
  private void unreachable(IOException e) {
    long now = clock.nanos();
    if (!unreachable) {
      unreachable = true;
      unreachableSince = now;
    }
    String why = describe(e);
    if (now - unreachableSince >= GIVE_UP_UNREACHABLE.toNanos()) {
      throw new StartupException(
          "cannot reach helper "
              + helper.host()
              + ":"
              + helper.httpPort()
              + " (HTTP) for "
              + GIVE_UP_UNREACHABLE.toSeconds()
              + " s: "
              + why
              + ". This FE has no metadata yet and can only join"
              + " through its helper: check --helper, which must name a running FE as host:edit_log_port (adding"
              + " :http_port when that FE's http_port differs from this one's), and that its host resolves and is"
              + " reachable from here");
    }
    LOG.warn(
        "cannot reach helper {}: {}; retrying in {} s, giving up after {} s (check --helper and that the"
            + " helper FE runs)",
        helper,
        why,
        RETRY.toSeconds(),
        GIVE_UP_UNREACHABLE.toSeconds());
  }

  private String describe(IOException e) {
    try {
      java.net.InetAddress.getByName(helper.host());
    } catch (java.net.UnknownHostException unknown) {
      // The HTTP client reports a name that does not resolve as a refused connection; say what it
      // is.
      return "its host name " + helper.host() + " does not resolve";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException
          || t instanceof java.nio.channels.UnresolvedAddressException) {
        return "its host name " + helper.host() + " does not resolve";
      }
      if (t instanceof java.net.ConnectException) {
        return "nothing answers there (connection refused)";
      }
      if (t instanceof java.net.http.HttpTimeoutException) {
        return "it does not answer (timed out)";
      }
    }
    return e.getMessage();
  }

  /** Refuses to start an FE whose meta_dir belongs to another cluster than its helper's. */
  void checkSameCluster(ClusterIdentity local) {
    VersionResponse remote;
    try {
      remote = fetchVersion();
    } catch (IOException e) {
      LOG.warn(
          "cannot reach helper {} to confirm that this meta_dir belongs to its cluster: {}",
          helper,
          e.toString());
      return;
    }
    int remoteId = remote.clusterId();
    String remoteTokenHash = remote.tokenDigest();
    if (remoteId != local.clusterId()) {
      throw new StartupException(
          "cluster id "
              + local.clusterId()
              + " in meta_dir is not equal with helper "
              + helper
              + "'s cluster id "
              + remoteId
              + "; this meta_dir belongs to another cluster: start"
              + " with an empty meta_dir to join this one");
    }
    if (!local.token().isEmpty() && !remoteTokenHash.equals(ClusterToken.sha256(local.token()))) {
      throw new StartupException(
          "token in meta_dir is not equal with helper "
              + helper
              + "'s token; this"
              + " meta_dir belongs to another cluster: start with an empty meta_dir to join this one");
    }
  }

  private NodeIdentity awaitRole() {
    while (true) {
      try {
        RoleResponse role = role(new FrontendQuery(selfHost, selfEditLogPort));
        if (role.listed()) {
          return new NodeIdentity(FrontendRole.valueOf(role.role()), role.name());
        }
        unreachable = false;
        LOG.warn(
            "current node is not added to the group. please add it first. sleep 5 seconds and retry, current"
                + " helper nodes: {} (on the master: ALTER SYSTEM ADD FOLLOWER \"{}:{}\")",
            helper,
            selfHost,
            selfEditLogPort);
      } catch (IOException e) {
        unreachable(e);
      }
      sleep();
    }
  }

  private ClusterIdentity clusterIdentity() {
    try {
      return fetchClusterIdentity();
    } catch (IOException e) {
      throw new StartupException(
          "cannot read the cluster identity from helper " + helper + ": " + e);
    }
  }

  /**
   * A refusal (this FE is not in the helper's list) is a startup refusal; only an unreachable
   * helper is not.
   */
  private ClusterIdentity fetchClusterIdentity() throws IOException {
    VersionResponse v = fetchVersion();
    if (v.token() == null) {
      throw new StartupException(
          "helper "
              + helper
              + " says this FE ("
              + selfHost
              + ":"
              + selfEditLogPort
              + ") is"
              + " already a member of its replication group, so it will not hand out the cluster token again; start"
              + " this FE with its own meta_dir, or drop it, ADD it again and start it with an empty meta_dir");
    }
    return new ClusterIdentity(v.clusterId(), v.token());
  }

  /** {@code /version} for this FE; a refusal (not in the helper's list) is a startup refusal. */
  private VersionResponse fetchVersion() throws IOException {
    VersionResponse v;
    String refused = null;
    try {
      v = client.call(Route.VERSION, helperAddress(), new FrontendQuery(selfHost, selfEditLogPort));
    } catch (PeerCallException e) {
      if (e.failure() != PeerCallException.Failure.REFUSED) {
        throw e;
      }
      v = null;
      refused = e.getMessage();
    }
    if (v == null || v.clusterId() == null) {
      throw new StartupException(
          "helper "
              + helper
              + " does not list this FE ("
              + selfHost
              + ":"
              + selfEditLogPort
              + "): "
              + (refused == null ? "" : refused)
              + "; this meta_dir belongs to another cluster, or this"
              + " FE was dropped: add it on the master and start it with an empty meta_dir");
    }
    return v;
  }

  private RoleResponse role(FrontendQuery about) throws IOException {
    return client.call(Route.ROLE, helperAddress(), about);
  }

  private PeerAddress helperAddress() {
    return new PeerAddress(helper.host(), helper.httpPort());
  }

  private void sleep() {
    try {
      clock.sleep(RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while waiting to be added to the cluster");
    }
  }
}
