package io.metafe.server;

import io.metafe.checkpoint.Checkpointer;
import io.metafe.checkpoint.JournalTrimmer;
import io.metafe.config.ConfigKey;
import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.edit.CatalogHolder;
import io.metafe.ha.FeType;
import io.metafe.ha.MasterWatch;
import io.metafe.ha.RoleController;
import io.metafe.ha.RoleServices;
import io.metafe.http.PeerHttpServer;
import io.metafe.image.ImageStore;
import io.metafe.journal.JournalException;
import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.journal.bdb.BdbJournal;
import io.metafe.peer.PeerClient;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running FE: every service from bdbje to the MySQL server, built and started by the
 * constructor in the order a start needs, from the {@link NodeContext} that start-up established.
 * Each service is registered with the {@link StopOrder} the moment it exists, which stops them;
 * this class only wires. Thread-safe: its fields never change.
 */
public final class FeServices {
  // Its lines appear in fe.log as [FeServer], where operators and tests look for them.
  private static final Logger LOG = LoggerFactory.getLogger(FeServer.class);

  private final NodeContext node;
  private final CatalogHolder catalog;
  private final PeerClient peerClient;
  private final RoleController roles;
  private final Checkpointer checkpointer;
  private final MasterServices masterServices;

  /**
   * Opens bdbje, loads the catalog, starts checkpoints, the roles and the MySQL server.
   *
   * @param http already answering other FEs; it gains the master's handlers and the images here
   * @param self what the HTTP endpoints report; it learns the role controller here
   * @param fatal called when the FE can no longer serve correctly and must stop
   * @throws StartupException with the one line the operator needs when the FE must not start
   */
  FeServices(
      NodeContext node,
      CatalogHolder catalog,
      PeerHttpServer http,
      SelfReport self,
      PeerClient peerClient,
      Consumer<String> fatal,
      StopOrder stops) {
    this.node = node;
    this.catalog = catalog;
    this.peerClient = peerClient;
    FeConfig config = node.config();
    Clock clock = node.clock();
    String name = node.nodeName();

    BdbEnvironment bdb = openEnvironment(node);
    stops.started(StopOrder.Step.BDB, bdb::close);
    // Members of bdbje's group are given a digest of the token, never the token; until bdbje is
    // open no FE counts as one.
    http.groupMembers(member -> bdb.memberNames().contains(member));
    GroupMembership membership = new GroupMembership(bdb, catalog, name, stops::stopping, clock);
    if (node.joinedNow()) {
      node.metaDir().create(node.stored().cluster(), node.stored().node());
      LOG.info(
          "bdbje accepted this FE into the group; wrote ROLE and VERSION to {}",
          node.metaDir().imageDir());
    }
    BdbJournal journal =
        BdbJournal.open(bdb, () -> config.get(ConfigKeys.EDIT_LOG_ROLL_NUM), clock);
    stops.started(StopOrder.Step.JOURNAL, journal::close);
    ImageStore images = new ImageStore(node.metaDir().imageDir());
    new StartupLoad(
            journal,
            images,
            catalog,
            node.helper(),
            node.stored(),
            config.metaDir().resolve("bdb"),
            peerClient,
            clock)
        .run();

    // Built before anything asks for a role; it does nothing until its first transition.
    SelfListing listing = new SelfListing(name, catalog.current(), fatal);
    this.roles =
        new RoleController(
            node.electable(),
            journal,
            catalog,
            new MasterTakeover(node, catalog, bdb, membership, listing, fatal, stops::stopping)
                ::startEditLog,
            fatal,
            listing::check,
            bdb::masterName,
            new RollbackReload(journal, images, node.clusterId(), clock),
            new RoleServices(
                this::startMasterServices, () -> startMasterWatch(node, bdb, catalog, peerClient)),
            clock);
    stops.started(StopOrder.Step.ROLES, roles::close);
    self.rolesFrom(roles);

    this.checkpointer =
        new Checkpointer(
            images,
            catalog,
            () -> journal,
            node.clusterId(),
            () -> config.get(ConfigKeys.EDIT_LOG_ROLL_NUM),
            () -> config.get(ConfigKeys.CHECKPOINT_INTERVAL_SECOND),
            () -> config.get(ConfigKeys.CHECKPOINT_IMAGE_KEEP_NUM),
            clock);
    stops.started(StopOrder.Step.CHECKPOINTER, checkpointer::close);
    stops.started(StopOrder.Step.LAST_IMAGE, checkpointer::checkpointAtShutdown);
    PortsRecorder ports = new PortsRecorder(catalog, roles::editLog);
    stops.started(StopOrder.Step.PORTS, ports::close);
    Peers peers =
        new Peers(
            catalog,
            name,
            this::selfStatus,
            this::isMaster,
            bdb::masterName,
            Duration.ofSeconds(config.get(ConfigKeys.META_DELAY_TOLERATION_SECOND)),
            ports,
            peerClient,
            clock,
            node.identifiedAtMillis());
    stops.started(StopOrder.Step.PEERS, peers::close);
    http.masterHandlers(peers);

    // Every FE checkpoints its own catalog; each mastership also trims the journal behind every
    // live FE's image and keeps bdbje's group equal to the frontend list.
    this.masterServices =
        new MasterServices(
            () ->
                new JournalTrimmer(
                    this::isMaster,
                    () -> journal,
                    checkpointer::newestId,
                    peers::imagePeers,
                    () ->
                        TimeUnit.SECONDS.toMillis(
                            config.get(ConfigKeys.META_DELAY_TOLERATION_SECOND)),
                    clock),
            membership);
    checkpointer.onImage(id -> masterServices.imageWritten());
    checkpointer.imageLimit(roles::imageableThrough);
    http.images(new ServedImages(checkpointer, images));
    checkpointer.start();

    SelfListing.refuseStartIfDropped(name, catalog.current(), node.joinedNow());
    // Registered before the first look, so that no change between the two is lost; a transition for
    // a state the FE is already in does nothing.
    bdb.onStateChange(roles::onNodeState);
    roles.initialTransition(bdb.state());
    ClientServer.start(
        node,
        catalog,
        roles,
        peers,
        this::configRows,
        new LocalClusterView(node, catalog, bdb, roles, peers, membership, checkpointer),
        stops);
  }

  private static BdbEnvironment openEnvironment(NodeContext node) {
    try {
      return BdbEnvironment.open(node.bdbOptions(), node.clock());
    } catch (JournalException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** A replica's watch on its master (see {@link MasterWatch}); what it closes is the watch. */
  private static AutoCloseable startMasterWatch(
      NodeContext node, BdbEnvironment bdb, CatalogHolder catalog, PeerClient peerClient) {
    String self = node.nodeName();
    return new MasterWatch(
            node.clock(),
            () -> {
              String m = bdb.masterName();
              return m == null || m.equals(self) ? null : m;
            },
            new HealthProbe(catalog, peerClient),
            bdb::dropMasterConnection,
            Duration.ofMillis(node.config().get(ConfigKeys.MASTER_UNRESPONSIVE_TIMEOUT_MS)))
        .start();
  }

  /**
   * The master's services, started by the role controller on each entry into MASTER. A method, not
   * {@code masterServices::start}: the controller is built before the services it starts exist.
   */
  private AutoCloseable startMasterServices() {
    return masterServices.start();
  }

  private boolean isMaster() {
    return roles.type() == FeType.MASTER;
  }

  /** This FE's status under {@link io.metafe.peer.FeStatus}'s field names, for heartbeats. */
  private Map<String, Object> selfStatus() {
    FeConfig config = node.config();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", node.nodeName());
    s.put("type", roles.type().name());
    s.put("replayedJournalId", catalog.current().journalId());
    s.put("queryPort", config.get(ConfigKeys.QUERY_PORT));
    s.put("rpcPort", config.get(ConfigKeys.RPC_PORT));
    s.put("httpPort", config.get(ConfigKeys.HTTP_PORT));
    s.put("startTime", node.startTime());
    s.put("version", FeServer.VERSION);
    s.put("imageJournalId", checkpointer.newestId());
    s.put("lastCheckpointTime", checkpointer.lastCheckpointMillis());
    s.put("checkpointError", checkpointer.lastError());
    return s;
  }

  /** SHOW FRONTEND CONFIG. */
  private List<List<String>> configRows() {
    FeConfig config = node.config();
    List<List<String>> rows = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      rows.add(
          List.of(
              key.name(),
              String.valueOf(config.get(key)),
              config.get(key).getClass().getSimpleName(),
              Boolean.toString(key.mutable()),
              key.description()));
    }
    return rows;
  }

  /**
   * What this FE waits for when bdbje has elected no master yet (the cluster is restarting, or lost
   * its majority), or null when it has a role.
   */
  String waitingFor() {
    FeType t = roles.type();
    if (t != FeType.INIT && t != FeType.UNKNOWN) {
      return null;
    }
    return QuorumWait.describe(catalog.current(), node.nodeName(), node.httpPort(), peerClient);
  }

  /** One line for the operator, printed by Main once the FE serves clients. */
  String summary() {
    return "node "
        + node.nodeName()
        + " is "
        + roles.type()
        + ", query_port "
        + node.host()
        + ":"
        + node.queryPort()
        + ", edit_log_port "
        + node.editLogPort()
        + ", journal id "
        + catalog.current().journalId()
        + ", meta_dir "
        + node.config().metaDir();
  }
}
