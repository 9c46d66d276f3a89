package io.metafe.server;

import io.metafe.catalog.Catalog;
import io.metafe.checkpoint.Checkpointer;
import io.metafe.checkpoint.JournalTrimmer;
import io.metafe.config.ConfigKey;
import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.Change;
import io.metafe.edit.EditLog;
import io.metafe.ha.FeType;
import io.metafe.ha.MasterWatch;
import io.metafe.ha.RoleController;
import io.metafe.http.PeerHttpServer;
import io.metafe.image.ImageStore;
import io.metafe.journal.Journal;
import io.metafe.journal.JournalException;
import io.metafe.journal.NodeState;
import io.metafe.journal.QuorumLostException;
import io.metafe.journal.UnknownOutcomeException;
import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.journal.bdb.BdbJournal;
import io.metafe.journal.bdb.BdbOptions;
import io.metafe.metadir.ClusterIdentity;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.MetaDirException;
import io.metafe.metadir.MetaDirLock;
import io.metafe.metadir.NodeIdentity;
import io.metafe.mysql.MysqlServer;
import io.metafe.mysql.MysqlServerConfig;
import io.metafe.mysql.PasswordStore;
import io.metafe.peer.PeerClient;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendPorts;
import io.metafe.records.FrontendRole;
import io.metafe.records.JournalRecord;
import io.metafe.records.MasterInfo;
import io.metafe.records.ResetGroup;
import io.metafe.recovery.MetadataRecovery;
import io.metafe.recovery.RecoveryRefusedException;
import io.metafe.recovery.RecoveryRequest;
import io.metafe.session.ConnectionRegistry;
import io.metafe.session.FeSessionFactory;
import io.metafe.session.ForwardedStatements;
import io.metafe.session.SessionServices;
import io.metafe.session.SystemVariables;
import io.metafe.sql.SqlParser;
import io.metafe.sql.eval.QueryEngine;
import io.metafe.time.Clock;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every service of one FE by constructor, starts them in order, and
 * stops them in reverse. The only object that knows all the others.
 */
public final class FeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeServer.class);
  static final String VERSION = "0.1.0";
  private static final int MAX_BATCH = 1024;

  private final FeConfig config;
  private final StartOptions options;
  private final Consumer<String> fatal;
  private final Clock clock;

  /**
   * A last image at close is written only after a start that completed and no fatal fault since.
   */
  private volatile boolean started;

  /**
   * A catalog left by a fault (a lost mastership, a failed commit) is not one to stake an image on.
   */
  private volatile boolean faulted;

  private final long startTime;
  private String host;
  private MetaDir.Stored stored;
  private final PeerClient peerClient =
      new PeerClient(() -> stored == null ? "" : stored.cluster().token());
  private BdbEnvironment bdb;
  private BdbJournal journal;
  private CatalogHolder catalog;
  private volatile RoleController roles;
  private Helper helper;
  private PeerHttpServer http;
  private Peers peers;
  private PortsRecorder ports;
  private MysqlServer mysql;
  private ImageStore images;
  private Checkpointer checkpointer;
  private JournalTrimmer trimmer;
  private GroupMembership membership;
  private volatile boolean closing;
  private MetaDirLock metaDirLock;

  /**
   * How long opening bdbje waits for an election; short when no other FE runs, since none can
   * succeed then.
   */
  private int electionWaitMillis = 5000;

  private volatile boolean selfListed;
  private boolean joinedNow;
  private boolean recoveredNow;
  private volatile boolean resetRecorded;

  /**
   * @param fatal called, at most once and from any thread, when the FE can no longer serve
   *     correctly and must stop; it must not block
   * @param clock the one clock of this FE, handed to every service it builds
   */
  public FeServer(FeConfig config, StartOptions options, Consumer<String> fatal, Clock clock) {
    this.config = config;
    this.options = options;
    this.clock = clock;
    this.startTime = clock.wallMillis();
    this.fatal =
        reason -> {
          faulted = true;
          fatal.accept(reason);
        };
  }

  /**
   * Starts the FE and returns once it serves clients.
   *
   * @throws StartupException with the one line the operator needs when the FE must not start
   */
  public void start() {
    refuseUnsupportedOptions();
    host =
        SelfAddress.choose(
            config.get(ConfigKeys.FRONTEND_ADDRESS), config.get(ConfigKeys.PRIORITY_NETWORKS));
    LOG.info("Use IP init local addr, IP: {}", host);
    int editLogPort = config.get(ConfigKeys.EDIT_LOG_PORT);
    Ports.requireFree("edit_log_port", host, editLogPort);
    Ports.requireFree("query_port", host, config.get(ConfigKeys.QUERY_PORT));
    Ports.requireFree("http_port", host, config.get(ConfigKeys.HTTP_PORT));
    if (options.helperOrNull() != null) {
      helper = Helper.parse(options.helperOrNull(), config.get(ConfigKeys.HTTP_PORT));
      if (helper.host().equals(host) && helper.editLogPort() == editLogPort) {
        throw new StartupException(
            "Do not specify the helper node to FE itself ("
                + helper.editLogAddress()
                + "). Please specify it to the existing running Master or Follower FE");
      }
    }
    catalog = new CatalogHolder(Catalog.empty(), clock);
    startHttp();

    MetaDir metaDir = new MetaDir(config.metaDir());
    stored = loadOrCreateMetaDir(editLogPort);
    peers =
        new Peers(
            catalog,
            stored.node().name(),
            this::selfStatus,
            () -> feType() == FeType.MASTER,
            () -> bdb == null ? null : bdb.masterName(),
            Duration.ofSeconds(config.get(ConfigKeys.META_DELAY_TOLERATION_SECOND)),
            peerClient,
            clock);
    ports = new PortsRecorder(catalog, () -> roles == null ? null : roles.editLog());
    peers.recordPortsWith(ports);
    http.masterHandlers(peers);
    http.groupMembers(name -> bdb != null && bdb.memberNames().contains(name));
    if (!joinedNow) {
      KnownPeers known =
          KnownPeers.read(
              metaDir,
              stored.node().name(),
              host + ":" + editLogPort,
              helper,
              config.get(ConfigKeys.HTTP_PORT),
              clock);
      PeerProbe probe = new PeerProbe(known, peerClient);
      recoveredNow = recoverIfAsked(metaDir, editLogPort, probe);
      if (!recoveredNow
          && !probe.electionPossible(
              probe.probe(), stored.node().role() == FrontendRole.FOLLOWER)) {
        // An early FE of a whole-cluster restart: without a majority of FOLLOWERs up, waiting for a
        // master only delays serving.
        electionWaitMillis = 1000;
        LOG.info(
            "too few FOLLOWERs answer for a master to be elected yet; opening bdbje without waiting for one");
      }
      if (!recoveredNow) {
        new Fencing(
                stored,
                metaDir.root(),
                host,
                editLogPort,
                config.get(ConfigKeys.HTTP_PORT),
                known,
                peerClient)
            .refuseIfFenced();
      }
    }
    bdb = openEnvironment(editLogPort);
    membership = new GroupMembership(bdb, catalog, stored.node().name(), () -> closing, clock);
    if (joinedNow) {
      metaDir.create(stored.cluster(), stored.node());
      LOG.info(
          "bdbje accepted this FE into the group; wrote ROLE and VERSION to {}",
          metaDir.imageDir());
    }
    journal = BdbJournal.open(bdb, () -> config.get(ConfigKeys.EDIT_LOG_ROLL_NUM), clock);
    images = images(metaDir);
    new StartupLoad(
            journal,
            images,
            catalog,
            helper,
            stored,
            config.metaDir().resolve("bdb"),
            peerClient,
            clock)
        .run();
    startCheckpoints();
    if (!catalog.current().frontends().isEmpty()
        && catalog.current().frontend(stored.node().name()).isEmpty()
        && !joinedNow) {
      throw new StartupException(
          "this FE ("
              + stored.node().name()
              + ") is not in the cluster's frontend list: it"
              + " was dropped with ALTER SYSTEM DROP; to bring it back, ADD it again on the master and start it with an"
              + " empty meta_dir and --helper");
    }
    selfListed = catalog.current().frontend(stored.node().name()).isDefined();
    roles =
        new RoleController(
            stored.node().role() == FrontendRole.FOLLOWER,
            journal,
            catalog,
            this::startEditLog,
            fatal,
            this::checkStillListed,
            bdb::masterName,
            this::reloadAfterRollback,
            this::startMasterWatch,
            clock);
    // Registered before the first look, so that no change between the two is lost; a transition for
    // a state the FE is already in does nothing.
    bdb.onStateChange(roles::onNodeState);
    roles.initialTransition(bdb.state());
    startMysql();
    membership.startReconciler(() -> feType() == FeType.MASTER);
    started = true;
  }

  /** A replica's watch on its master (see {@link MasterWatch}); what it closes is the watch. */
  private AutoCloseable startMasterWatch() {
    String self = stored.node().name();
    return new MasterWatch(
            clock,
            () -> {
              String m = bdb.masterName();
              return m == null || m.equals(self) ? null : m;
            },
            new HealthProbe(catalog, peerClient),
            bdb::dropMasterConnection,
            Duration.ofMillis(config.get(ConfigKeys.MASTER_UNRESPONSIVE_TIMEOUT_MS)))
        .start();
  }

  private void refuseUnsupportedOptions() {
    String ack = config.get(ConfigKeys.REPLICA_ACK_POLICY);
    if (!ack.equals("SIMPLE_MAJORITY")) {
      LOG.warn(
          "replica_ack_policy = {}: {}",
          ack,
          ack.equals("NONE")
              ? "a master cut off from the others keeps acknowledging writes that a new master will not have; they"
                  + " are rolled back when it rejoins. Use SIMPLE_MAJORITY"
              : "one follower down makes every commit fail after bdbje_replica_ack_timeout_second and stops the"
                  + " master. Use SIMPLE_MAJORITY");
    }
    if (config.get(ConfigKeys.MASTER_SYNC_POLICY).equals("NO_SYNC")) {
      LOG.warn(
          "master_sync_policy = NO_SYNC: an acknowledged write can be lost if this FE is killed or its host"
              + " fails before bdbje writes it out; use SYNC (or WRITE_NO_SYNC, which survives a killed process but"
              + " not a host crash)");
    }
  }

  private MetaDir.Stored loadOrCreateMetaDir(int editLogPort) {
    MetaDir metaDir = new MetaDir(config.metaDir());
    try {
      // Before anything is read: a meta_dir another FE uses must be named as such, whatever it
      // holds.
      if (java.nio.file.Files.isDirectory(metaDir.root())) {
        metaDirLock = MetaDirLock.acquire(metaDir.root(), home());
      }
      MetaDir.Stored existing = metaDir.load();
      if (existing == null && recoveryRequest().requested()) {
        throw new StartupException(
            "metadata failure recovery was asked for, but meta_dir "
                + metaDir.root()
                + " holds no metadata to recover from (no image/ROLE and image/VERSION); remove the flag, or point"
                + " meta_dir at the directory of the FE to recover from");
      }
      if (metaDirLock == null) {
        metaDirLock = MetaDirLock.acquire(metaDir.root(), home());
      }
      int configured = config.get(ConfigKeys.CLUSTER_ID);
      if (existing == null && helper != null) {
        joinedNow = true;
        return new Joiner(helper, host, editLogPort, peerClient, clock).join(configured);
      }
      if (existing == null) {
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
      String self = host + ":" + editLogPort;
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
      return existing;
    } catch (MetaDirException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static ImageStore images(MetaDir metaDir) {
    return new ImageStore(metaDir.imageDir());
  }

  /**
   * Metadata failure recovery, when fe.conf or the command line asks for it: checks, backup, then
   * the bdbje group reset. Returns whether the group was reset on this start.
   */
  private RecoveryRequest recoveryRequest() {
    String confKey =
        config.get(ConfigKeys.METADATA_FAILURE_RECOVERY)
            ? ConfigKeys.METADATA_FAILURE_RECOVERY.name()
            : config.get(ConfigKeys.BDBJE_RESET_ELECTION_GROUP)
                ? ConfigKeys.BDBJE_RESET_ELECTION_GROUP.name()
                : null;
    return new RecoveryRequest(
        options.metadataFailureRecovery(),
        confKey,
        options.forceRecovery(),
        options.recoveryBackup());
  }

  private boolean recoverIfAsked(MetaDir metaDir, int editLogPort, PeerProbe probe) {
    RecoveryRequest request = recoveryRequest();
    try {
      return new MetadataRecovery(metaDir, stored, request, probe)
          .run(
              () ->
                  BdbEnvironment.resetGroup(
                      bdbOptions(editLogPort, host + ":" + editLogPort), clock));
    } catch (RecoveryRefusedException | JournalException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private BdbEnvironment openEnvironment(int editLogPort) {
    String self = host + ":" + editLogPort;
    // Only a joining FE needs the helper: a member finds the group through bdbje's own record of it
    // (as StarRocks ignores --helper once ROLE and VERSION exist), and after a reset this FE is the
    // group's only member.
    String helperAddress = joinedNow ? helper.editLogAddress() : self;
    try {
      return BdbEnvironment.open(bdbOptions(editLogPort, helperAddress), clock);
    } catch (JournalException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private BdbOptions bdbOptions(int editLogPort, String helperAddress) {
    String self = host + ":" + editLogPort;
    return new BdbOptions(
        config.metaDir().resolve("bdb"),
        BdbOptions.GROUP_NAME,
        stored.node().name(),
        self,
        helperAddress,
        stored.node().role() == FrontendRole.FOLLOWER,
        config.get(ConfigKeys.MASTER_SYNC_POLICY),
        config.get(ConfigKeys.REPLICA_SYNC_POLICY),
        config.get(ConfigKeys.REPLICA_ACK_POLICY),
        config.get(ConfigKeys.BDBJE_HEARTBEAT_TIMEOUT_SECOND),
        config.get(ConfigKeys.BDBJE_HEARTBEAT_INTERVAL_MS),
        config.get(ConfigKeys.BDBJE_ELECTION_TIMEOUT_MS),
        config.get(ConfigKeys.BDBJE_REPLICA_ACK_TIMEOUT_SECOND),
        config.get(ConfigKeys.BDBJE_LOCK_TIMEOUT_SECOND),
        config.get(ConfigKeys.MAX_BDBJE_CLOCK_DELTA_MS),
        config.get(ConfigKeys.TXN_ROLLBACK_LIMIT),
        20,
        config.get(ConfigKeys.BDBJE_RESERVED_DISK_SIZE),
        electionWaitMillis);
  }

  private int clusterId() {
    return stored.cluster().clusterId();
  }

  /**
   * Every FE checkpoints its own catalog; the master also trims the journal behind every live FE's
   * image.
   */
  private void startCheckpoints() {
    checkpointer =
        new Checkpointer(
            images,
            catalog,
            () -> journal,
            clusterId(),
            () -> config.get(ConfigKeys.EDIT_LOG_ROLL_NUM),
            () -> config.get(ConfigKeys.CHECKPOINT_INTERVAL_SECOND),
            () -> config.get(ConfigKeys.CHECKPOINT_IMAGE_KEEP_NUM),
            clock);
    trimmer =
        new JournalTrimmer(
            () -> feType() == FeType.MASTER,
            () -> journal,
            checkpointer::newestId,
            peers::imagePeers,
            () -> TimeUnit.SECONDS.toMillis(config.get(ConfigKeys.META_DELAY_TOLERATION_SECOND)),
            clock);
    checkpointer.onImage(id -> trimmer.wake());
    checkpointer.imageLimit(() -> roles == null ? Long.MAX_VALUE : roles.imageableThrough());
    http.images(
        new PeerHttpServer.Images() {
          @Override
          public long newestId() {
            return checkpointer.newestId();
          }

          @Override
          public java.nio.file.Path file(long journalId) {
            return images.file(journalId);
          }

          @Override
          public long checkpoint(long journalId, Duration replayWait, String why) {
            return checkpointer.checkpointAtLeast(journalId, replayWait, why);
          }
        });
    checkpointer.start();
    trimmer.start();
  }

  Checkpointer checkpointer() {
    return checkpointer;
  }

  /**
   * What this FE waits for when bdbje has elected no master yet (the cluster is restarting, or lost
   * its majority), or null when it has a role.
   */
  String waitingFor() {
    FeType t = feType();
    if (t != FeType.INIT && t != FeType.UNKNOWN) {
      return null;
    }
    return QuorumWait.describe(
        catalog.current(), stored.node().name(), config.get(ConfigKeys.HTTP_PORT), peerClient);
  }

  /**
   * What a new master does before it accepts writes: record itself (the very first FE) and where it
   * is.
   */
  private EditLog startEditLog(Journal j) {
    EditLog log = new EditLog(j, catalog, MAX_BATCH, fatal, clock);
    log.start();
    String name = stored.node().name();
    int editLogPort = config.get(ConfigKeys.EDIT_LOG_PORT);
    int httpPort = config.get(ConfigKeys.HTTP_PORT);
    try {
      submitWhileMaster(
          log,
          (Change<Void>)
              c -> {
                List<JournalRecord> records = new ArrayList<>();
                int queryPort = config.get(ConfigKeys.QUERY_PORT);
                int rpcPort = config.get(ConfigKeys.RPC_PORT);
                if (c.frontends().isEmpty()) {
                  records.add(
                      new AddFrontend(name, FrontendRole.FOLLOWER, host, editLogPort, httpPort));
                  records.add(new FrontendPorts(name, httpPort, queryPort, rpcPort));
                } else if (c.frontend(name).isEmpty()) {
                  throw new IllegalStateException(
                      "this FE ("
                          + name
                          + ") was elected master but is not in the frontend"
                          + " list; it must not write: drop it from bdbje's group, or add it with ALTER SYSTEM ADD FOLLOWER");
                } else if (c.frontend(name).get().portsDiffer(httpPort, queryPort, rpcPort)) {
                  records.add(new FrontendPorts(name, httpPort, queryPort, rpcPort));
                }
                if (recoveredNow && !resetRecorded) {
                  // This FE votes now, whatever the metadata said; every other FE belongs to the
                  // old group.
                  records.add(new ResetGroup(name, clock.wallMillis()));
                }
                long epoch = c.master() == null ? 1 : c.master().epoch() + 1;
                records.add(
                    new MasterInfo(
                        name,
                        host,
                        editLogPort,
                        httpPort,
                        config.get(ConfigKeys.RPC_PORT),
                        config.get(ConfigKeys.QUERY_PORT),
                        epoch));
                return new Change.Proposal<>(records, null);
              });
    } catch (RuntimeException e) {
      log.close("this FE could not take over as master: " + e.getMessage());
      throw e;
    }
    selfListed = true;
    resetRecorded = true;
    membership.removeStrays();
    return log;
  }

  /**
   * Commits a new master's first records. bdbje elects a master before its replicas have connected
   * to it, and a commit finds too few of them until they have (seconds, under load), or until a
   * lost quorum returns: retry for as long as bdbje keeps this FE master, rather than give up a
   * mastership the others just granted.
   */
  private void submitWhileMaster(EditLog log, Change<Void> takeOver) {
    Duration timeout = Duration.ofSeconds(config.get(ConfigKeys.QUERY_TIMEOUT_SECOND));
    long warnAt = clock.nanos();
    while (true) {
      try {
        log.submit(takeOver, timeout);
        return;
      } catch (QuorumLostException | UnknownOutcomeException e) {
        MasterInfo recorded = catalog.current().master();
        if (e instanceof UnknownOutcomeException
            && recorded != null
            && recorded.nodeName().equals(stored.node().name())) {
          return;
        }
        if (closing || bdb.state() != NodeState.MASTER) {
          throw e;
        }
        if (clock.nanos() - warnAt >= 0) {
          warnAt = clock.nanos() + TimeUnit.SECONDS.toNanos(10);
          LOG.warn(
              "this FE was elected master but cannot record it yet, retrying while bdbje keeps it master: {}",
              e.getMessage());
        }
        try {
          clock.sleep(Duration.ofMillis(500));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * The catalog after bdbje rolled back entries this FE had applied: the newest image the reopened
   * journal continues, plus the journal. Images beyond the journal's end hold rolled-back entries
   * and are set aside.
   */
  private Catalog reloadAfterRollback() {
    long last = journal.refreshLastId();
    try {
      for (long id : images.ids()) {
        if (id > last) {
          java.nio.file.Path aside = images.setAside(id);
          LOG.warn(
              "image.{} is newer than the journal after the rollback (last id {}), so it holds rolled-back"
                  + " entries: set aside as {}",
              id,
              last,
              aside.getFileName());
        }
      }
      ImageStore.Choice choice = images.choose(journal.firstId(), last, clusterId());
      if (choice.start() == null) {
        throw new JournalException(choice.refusal());
      }
      return io.metafe.edit.JournalReplay.replay(journal, choice.start(), last, clock);
    } catch (java.io.IOException e) {
      throw new JournalException(
          "cannot read the images in " + images.dir() + ": " + e.getMessage(), e);
    }
  }

  /** Removes a member from bdbje's group in the background (a dropped FOLLOWER); never throws. */
  void removeMemberEventually(String nodeName) {
    membership.removeEventually(nodeName);
  }

  /** A replica that replays its own removal stops, as an operator who dropped it expects. */
  private void checkStillListed(Catalog c) {
    boolean listed = c.frontend(stored.node().name()).isDefined();
    if (selfListed && !listed) {
      fatal.accept(
          "this FE ("
              + stored.node().name()
              + ") was dropped from the cluster with ALTER SYSTEM DROP;"
              + " it stops. To bring it back, ADD it again on the master and start it with an empty meta_dir and"
              + " --helper");
    }
    selfListed = listed;
  }

  private void startHttp() {
    int port = config.get(ConfigKeys.HTTP_PORT);
    try {
      http =
          new PeerHttpServer(
              host,
              port,
              catalog,
              () ->
                  new PeerHttpServer.Node() {
                    @Override
                    public String name() {
                      return stored == null ? "" : stored.node().name();
                    }

                    @Override
                    public int clusterId() {
                      return stored == null ? 0 : stored.cluster().clusterId();
                    }

                    @Override
                    public String token() {
                      return stored == null ? "" : stored.cluster().token();
                    }

                    @Override
                    public String type() {
                      return feType().name();
                    }

                    @Override
                    public long startTimeMillis() {
                      return startTime;
                    }

                    @Override
                    public String version() {
                      return VERSION;
                    }
                  });
      http.start();
    } catch (java.io.IOException e) {
      throw new StartupException(
          "http_port "
              + port
              + " cannot be opened on "
              + host
              + ": "
              + e.getMessage()
              + "; stop the process holding it or set another http_port in fe.conf",
          e);
    }
  }

  private void startMysql() {
    int queryPort = config.get(ConfigKeys.QUERY_PORT);
    SystemVariables variables =
        new SystemVariables(
            config.get(ConfigKeys.MYSQL_SERVER_VERSION),
            "MetaFE version " + VERSION,
            queryPort,
            ZoneId.systemDefault().getId(),
            config.get(ConfigKeys.QUERY_TIMEOUT_SECOND));
    SessionServices services =
        new SessionServices(
            catalog,
            roles::editLog,
            Duration.ofSeconds(config.get(ConfigKeys.QUERY_TIMEOUT_SECOND)),
            new SqlParser(config.get(ConfigKeys.MYSQL_SERVER_VERSION)),
            new QueryEngine(),
            variables,
            new LocalClusterView(this),
            this::configRows,
            new ConnectionRegistry(),
            peers,
            () -> config.get(ConfigKeys.MAX_TRANSACTION_BYTES),
            clock);
    peers.start(new ForwardedStatements(services));
    PasswordStore passwords = user -> "root".equals(user) ? new byte[0] : null;
    try {
      mysql =
          new MysqlServer(
              new MysqlServerConfig(
                  InetAddress.getByName(host),
                  queryPort,
                  config.get(ConfigKeys.MYSQL_SERVER_VERSION),
                  config.get(ConfigKeys.QE_MAX_CONNECTION),
                  32 << 20,
                  Duration.ofSeconds(10)),
              passwords,
              new FeSessionFactory(services),
              clock);
      mysql.start();
    } catch (java.io.IOException e) {
      throw new StartupException(
          "query_port "
              + queryPort
              + " cannot be opened on "
              + host
              + ": "
              + e.getMessage()
              + "; stop the process holding it or set another query_port in fe.conf",
          e);
    }
  }

  private java.util.Map<String, Object> selfStatus() {
    java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
    s.put("name", stored.node().name());
    s.put("type", feType().name());
    s.put("replayedJournalId", catalog.current().journalId());
    s.put("queryPort", config.get(ConfigKeys.QUERY_PORT));
    s.put("rpcPort", config.get(ConfigKeys.RPC_PORT));
    s.put("httpPort", config.get(ConfigKeys.HTTP_PORT));
    s.put("startTime", startTime);
    s.put("version", VERSION);
    if (checkpointer != null) {
      s.put("imageJournalId", checkpointer.newestId());
      s.put("lastCheckpointTime", checkpointer.lastCheckpointMillis());
      s.put("checkpointError", checkpointer.lastError());
    }
    return s;
  }

  Peers peers() {
    return peers;
  }

  private List<List<String>> configRows() {
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

  String host() {
    return host;
  }

  MetaDir.Stored stored() {
    return stored;
  }

  FeConfig config() {
    return config;
  }

  long startTime() {
    return startTime;
  }

  Clock clock() {
    return clock;
  }

  FeType feType() {
    return roles == null ? FeType.INIT : roles.type();
  }

  BdbEnvironment bdb() {
    return bdb;
  }

  CatalogHolder catalogHolder() {
    return catalog;
  }

  /** One line for the operator, printed by Main once the FE serves clients. */
  String summary() {
    return "node "
        + stored.node().name()
        + " is "
        + feType()
        + ", query_port "
        + host
        + ":"
        + config.get(ConfigKeys.QUERY_PORT)
        + ", edit_log_port "
        + config.get(ConfigKeys.EDIT_LOG_PORT)
        + ", journal id "
        + catalog.current().journalId()
        + ", meta_dir "
        + config.metaDir();
  }

  /**
   * Stops serving clients, then writing and replaying; writes a last image of what this FE replayed
   * (a graceful stop only); then closes the journal and bdbje. Idempotent.
   */
  @Override
  public synchronized void close() {
    closing = true;
    boolean graceful = started && !faulted;
    started = false;
    if (mysql != null) {
      mysql.close();
      mysql = null;
    }
    if (trimmer != null) {
      trimmer.close();
    }
    if (checkpointer != null) {
      checkpointer.close();
    }
    // The writer and the replayer stop first, so that the last image holds exactly the last id
    // replayed here.
    if (roles != null) {
      roles.close();
    }
    if (checkpointer != null && graceful) {
      checkpointer.checkpointAtShutdown();
    }
    if (peers != null) {
      peers.close();
    }
    if (ports != null) {
      ports.close();
    }
    if (http != null) {
      http.close();
      http = null;
    }
    if (journal != null) {
      journal.close();
      journal = null;
    }
    if (bdb != null) {
      bdb.close();
      bdb = null;
    }
    if (metaDirLock != null) {
      metaDirLock.close();
      metaDirLock = null;
    }
  }

  private static String home() {
    return System.getProperty("metafe.home", "");
  }
}
