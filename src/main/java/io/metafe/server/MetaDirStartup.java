package io.metafe.server;

import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.metadir.ClusterIdentity;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.MetaDirException;
import io.metafe.metadir.MetaDirLock;
import io.metafe.metadir.NodeIdentity;
import io.metafe.peer.PeerClient;
import io.metafe.records.FrontendRole;
import io.metafe.time.Clock;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step that finds out who this FE is. It locks the meta_dir, then takes one of three
 * ways: the identity the meta_dir holds (checked against fe.conf and this FE's address); with an
 * empty meta_dir and {@code --helper}, the identity the helper gives (written only once bdbje
 * accepts the node); with an empty meta_dir alone, a new cluster with this FE as its first
 * FOLLOWER. Used once per start.
 */
final class MetaDirStartup {
  // Start-up's lines keep the logger they always had: fe.log shows it as [FeServer].
  private static final Logger LOG = LoggerFactory.getLogger(FeServer.class);

  /**
   * @param joinedNow whether {@code stored} came from the helper and is not on disk yet
   */
  record Found(MetaDir.Stored stored, boolean joinedNow) {}

  private final FeConfig config;
  private final boolean recoveryRequested;
  private final PeerClient peerClient;
  private final Clock clock;
  private final String home;

  /**
   * @param recoveryRequested whether this start asks for metadata failure recovery, which needs
   *     metadata to recover from
   * @param home this FE's home, written into the lock file so that another FE can name it
   */
  MetaDirStartup(
      FeConfig config, boolean recoveryRequested, PeerClient peerClient, Clock clock, String home) {
    this.config = config;
    this.recoveryRequested = recoveryRequested;
    this.peerClient = peerClient;
    this.clock = clock;
    this.home = home;
  }

  /**
   * Locks {@code metaDir} (registered with {@code stops} as soon as it is held) and finds this FE's
   * identity.
   *
   * @param host this FE's address
   * @param helper the {@code --helper} of this start, or null
   * @throws StartupException naming the cause and the fix when the meta_dir cannot be used
   */
  Found open(MetaDir metaDir, String host, Helper helper, StopOrder stops) {
    int editLogPort = config.get(ConfigKeys.EDIT_LOG_PORT);
    try {
      boolean locked = false;
      // Before anything is read: a meta_dir another FE uses must be named as such, whatever it
      // holds.
      if (Files.isDirectory(metaDir.root())) {
        lock(metaDir, stops);
        locked = true;
      }
      MetaDir.Stored existing = metaDir.load();
      if (existing == null && recoveryRequested) {
        throw new StartupException(
            "metadata failure recovery was asked for, but meta_dir "
                + metaDir.root()
                + " holds no metadata to recover from (no image/ROLE and image/VERSION); remove the flag, or point"
                + " meta_dir at the directory of the FE to recover from");
      }
      if (!locked) {
        lock(metaDir, stops);
      }
      int configured = config.get(ConfigKeys.CLUSTER_ID);
      if (existing == null && helper != null) {
        return new Found(
            new Joiner(helper, host, editLogPort, peerClient, clock).join(configured), true);
      }
      if (existing == null) {
        return new Found(create(metaDir, host, editLogPort, configured), false);
      }
      check(metaDir, existing, host + ":" + editLogPort, configured);
      LOG.info(
          "found ROLE and VERSION in {}: role {}, node name {}, cluster id {}",
          metaDir.imageDir(),
          existing.node().role(),
          existing.node().name(),
          existing.cluster().clusterId());
      if (helper != null) {
        new Joiner(helper, host, editLogPort, peerClient, clock)
            .checkSameCluster(existing.cluster());
      }
      return new Found(existing, false);
    } catch (MetaDirException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private void lock(MetaDir metaDir, StopOrder stops) {
    MetaDirLock lock = MetaDirLock.acquire(metaDir.root(), home);
    stops.started(StopOrder.Step.META_DIR_LOCK, lock::close);
  }

  /** The very first start of a new cluster's first FE. */
  private MetaDir.Stored create(MetaDir metaDir, String host, int editLogPort, int configured) {
    int clusterId =
        configured != -1 ? configured : 1 + new SecureRandom().nextInt(Integer.MAX_VALUE - 1);
    String token =
        config.get(ConfigKeys.AUTH_TOKEN).isEmpty()
            ? UUID.randomUUID().toString()
            : config.get(ConfigKeys.AUTH_TOKEN);
    String name = NodeIdentity.newName(host, editLogPort, clock.wallMillis());
    LOG.info(
        "very first time to start this node. role: FOLLOWER, node name: {}, meta_dir: {}",
        name,
        metaDir.root());
    return metaDir.create(
        new ClusterIdentity(clusterId, token), new NodeIdentity(FrontendRole.FOLLOWER, name));
  }

  /** Refuses a meta_dir of another cluster, or of another FE. */
  private static void check(MetaDir metaDir, MetaDir.Stored existing, String self, int configured) {
    if (configured != -1 && configured != existing.cluster().clusterId()) {
      throw new StartupException(
          "meta_dir "
              + metaDir.root()
              + " belongs to cluster "
              + existing.cluster().clusterId()
              + " but cluster_id in fe.conf is "
              + configured
              + "; point meta_dir at this cluster's directory or fix cluster_id");
    }
    String recorded = existing.node().hostPort();
    if (recorded != null && !recorded.equals(self)) {
      throw new StartupException(
          "meta_dir "
              + metaDir.root()
              + " belongs to another FE, node "
              + existing.node().name()
              + " at "
              + recorded
              + ", but this FE is "
              + self
              + " (priority_networks or"
              + " frontend_address, and edit_log_port in fe.conf): if that meta_dir was copied or is shared, give this"
              + " FE its own meta_dir; if this FE's address changed, restore its old address, since an FE keeps its"
              + " address for life");
    }
  }
}
