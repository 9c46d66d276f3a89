package io.metafe.server;

import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.edit.CatalogHolder;
import io.metafe.http.PeerHttpServer;
import io.metafe.journal.JournalException;
import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.metadir.MetaDir;
import io.metafe.peer.PeerClient;
import io.metafe.records.FrontendRole;
import io.metafe.recovery.MetadataRecovery;
import io.metafe.recovery.RecoveryRefusedException;
import io.metafe.recovery.RecoveryRequest;
import io.metafe.time.Clock;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a start before bdbje opens, each ending in an immutable value: {@link
 * #chooseAddress} (address, free ports, helper), {@link #startHttp} (so that other FEs are answered
 * from now on), then {@link #identify} (meta_dir, identity, recovery, fencing), which yields the
 * {@link NodeContext}. Everything a step starts is registered with the {@link StopOrder} at once.
 * Used once per start.
 */
final class NodeStartup {
  // Start-up's lines appear in fe.log as [FeServer], where operators and tests look for them.
  private static final Logger LOG = LoggerFactory.getLogger(FeServer.class);

  /**
   * Where this FE listens, and whom it joins through.
   *
   * @param helper the {@code --helper} of this start, or null
   */
  record Address(String host, Helper helper) {}

  private final FeConfig config;
  private final StartOptions options;
  private final Clock clock;
  private final long startTime;
  private final PeerClient peerClient;
  private final StopOrder stops;

  /**
   * @param startTime wall millis when this FE began starting
   * @param peerClient every call to another FE; its token is {@link SelfReport}'s
   */
  NodeStartup(
      FeConfig config,
      StartOptions options,
      Clock clock,
      long startTime,
      PeerClient peerClient,
      StopOrder stops) {
    this.config = config;
    this.options = options;
    this.clock = clock;
    this.startTime = startTime;
    this.peerClient = peerClient;
    this.stops = stops;
  }

  /** Warns of unsafe settings, chooses the address, checks the ports, reads {@code --helper}. */
  Address chooseAddress() {
    warnOfUnsafeSettings();
    String host =
        SelfAddress.choose(
            config.get(ConfigKeys.FRONTEND_ADDRESS), config.get(ConfigKeys.PRIORITY_NETWORKS));
    LOG.info("Use IP init local addr, IP: {}", host);
    int editLogPort = config.get(ConfigKeys.EDIT_LOG_PORT);
    Ports.requireFree("edit_log_port", host, editLogPort);
    Ports.requireFree("query_port", host, config.get(ConfigKeys.QUERY_PORT));
    Ports.requireFree("http_port", host, config.get(ConfigKeys.HTTP_PORT));
    Helper helper = null;
    if (options.helperOrNull() != null) {
      helper = Helper.parse(options.helperOrNull(), config.get(ConfigKeys.HTTP_PORT));
      if (helper.host().equals(host) && helper.editLogPort() == editLogPort) {
        throw new StartupException(
            "Do not specify the helper node to FE itself ("
                + helper.editLogAddress()
                + "). Please specify it to the existing running Master or Follower FE");
      }
    }
    return new Address(host, helper);
  }

  private void warnOfUnsafeSettings() {
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

  /**
   * Starts answering other FEs, before this FE knows who it is: they ask during a whole-cluster
   * restart and a join, and this FE may be minutes from opening bdbje. {@code self} says what it
   * knows so far.
   */
  PeerHttpServer startHttp(Address address, CatalogHolder catalog, SelfReport self) {
    int port = config.get(ConfigKeys.HTTP_PORT);
    try {
      PeerHttpServer http = new PeerHttpServer(address.host(), port, catalog, () -> self);
      stops.started(StopOrder.Step.HTTP, http::close);
      http.start();
      return http;
    } catch (IOException e) {
      throw new StartupException(
          "http_port "
              + port
              + " cannot be opened on "
              + address.host()
              + ": "
              + e.getMessage()
              + "; stop the process holding it or set another http_port in fe.conf",
          e);
    }
  }

  /**
   * Locks and reads (or creates, or joins into) the meta_dir and publishes the identity to {@code
   * self}; then, for an FE that is already a member, runs a recovery if one was asked for, decides
   * how long bdbje waits for an election, and refuses an FE the cluster has fenced off.
   */
  NodeContext identify(Address address, SelfReport self) {
    MetaDir metaDir = new MetaDir(config.metaDir());
    RecoveryRequest recovery = recoveryRequest();
    MetaDirStartup.Found found =
        new MetaDirStartup(config, recovery.requested(), peerClient, clock, home())
            .open(metaDir, address.host(), address.helper(), stops);
    MetaDir.Stored stored = found.stored();
    self.identify(stored);
    long identifiedAt = clock.millis();
    boolean recoveredNow = false;
    int electionWaitMillis = NodeContext.ELECTION_WAIT_MILLIS;
    if (!found.joinedNow()) {
      int editLogPort = config.get(ConfigKeys.EDIT_LOG_PORT);
      String selfAddress = address.host() + ":" + editLogPort;
      KnownPeers known =
          KnownPeers.read(
              metaDir,
              stored.node().name(),
              selfAddress,
              address.helper(),
              config.get(ConfigKeys.HTTP_PORT),
              clock);
      PeerProbe probe = new PeerProbe(known, peerClient);
      recoveredNow = recoverIfAsked(metaDir, stored, recovery, address.host(), probe);
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
                address.host(),
                editLogPort,
                config.get(ConfigKeys.HTTP_PORT),
                known,
                peerClient)
            .refuseIfFenced();
      }
    }
    return new NodeContext(
        config,
        clock,
        address.host(),
        address.helper(),
        metaDir,
        stored,
        found.joinedNow(),
        recoveredNow,
        electionWaitMillis,
        startTime,
        identifiedAt);
  }

  /** What fe.conf and the command line ask of metadata failure recovery on this start. */
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

  /**
   * Metadata failure recovery, when fe.conf or the command line asks for it: checks, backup, then
   * the bdbje group reset. Returns whether the group was reset on this start.
   */
  private boolean recoverIfAsked(
      MetaDir metaDir,
      MetaDir.Stored stored,
      RecoveryRequest request,
      String host,
      PeerProbe probe) {
    String selfAddress = host + ":" + config.get(ConfigKeys.EDIT_LOG_PORT);
    try {
      return new MetadataRecovery(metaDir, stored, request, probe)
          .run(
              () ->
                  BdbEnvironment.resetGroup(
                      NodeContext.bdbOptions(
                          config,
                          host,
                          stored.node(),
                          selfAddress,
                          NodeContext.ELECTION_WAIT_MILLIS),
                      clock));
    } catch (RecoveryRefusedException | JournalException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static String home() {
    return System.getProperty("metafe.home", "");
  }
}
