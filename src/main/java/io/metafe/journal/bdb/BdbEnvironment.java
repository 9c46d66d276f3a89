package io.metafe.journal.bdb;

import com.sleepycat.je.Durability;
import com.sleepycat.je.EnvironmentConfig;
import com.sleepycat.je.EnvironmentLockedException;
import com.sleepycat.je.rep.InsufficientLogException;
import com.sleepycat.je.rep.MemberNotFoundException;
import com.sleepycat.je.rep.NetworkRestore;
import com.sleepycat.je.rep.NetworkRestoreConfig;
import com.sleepycat.je.rep.NoConsistencyRequiredPolicy;
import com.sleepycat.je.rep.NodeType;
import com.sleepycat.je.rep.ReplicatedEnvironment;
import com.sleepycat.je.rep.ReplicationConfig;
import com.sleepycat.je.rep.ReplicationNode;
import com.sleepycat.je.rep.StateChangeEvent;
import com.sleepycat.je.rep.util.ReplicationGroupAdmin;
import io.metafe.journal.JournalException;
import io.metafe.journal.NodeState;
import io.metafe.time.Clock;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FE's replicated JE environment. Opening blocks until JE knows this node's state (or fails).
 * Thread-safe.
 */
public final class BdbEnvironment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BdbEnvironment.class);
  private static final Duration OPEN_REPORT = Duration.ofSeconds(10);
  private static final Duration DISK_KEEPER_PERIOD = Duration.ofSeconds(1);

  private final BdbOptions options;
  private final Clock clock;

  /** Replaced only by {@link #reopenAfterRollback}. */
  private volatile ReplicatedEnvironment env;

  private final Durability durability;
  private volatile boolean closed;

  /** The environment whose state changes are passed on; none while one is being replaced. */
  private volatile ReplicatedEnvironment listened;

  private final MasterDisconnect masterDisconnect;
  private static final int MASTER_PRIORITY = 100;
  private final java.util.concurrent.ExecutorService priorityKeeper =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "election-priority");
            t.setDaemon(true);
            return t;
          });

  private volatile Consumer<NodeState> listener = s -> {};
  private volatile String masterName;

  private BdbEnvironment(BdbOptions options, Durability durability, Clock clock) {
    this.options = options;
    this.durability = durability;
    this.clock = clock;
    this.masterDisconnect = new MasterDisconnect(clock);
  }

  /**
   * Makes {@code fresh} the environment; events of an environment replaced since are not passed on.
   */
  private void attach(ReplicatedEnvironment fresh) {
    env = fresh;
    masterName = fresh.getState().isMaster() ? options.nodeName() : null;
    listened = fresh;
    // bdbje calls a new listener at once with the current state (and its master's name).
    fresh.setStateChangeListener(
        event -> {
          if (listened == fresh) {
            onStateChange(event, fresh);
          }
        });
  }

  /**
   * Opens (creating on first start) the environment under {@code options.envHome()}.
   *
   * @param clock times the opening and paces the disk keeper; bdbje's own timeouts are in {@code
   *     options}
   * @throws JournalException naming the cause and the fix when JE refuses
   */
  public static BdbEnvironment open(BdbOptions options, Clock clock) {
    BdbEnvironment result = new BdbEnvironment(options, durability(options), clock);
    result.attach(openReplicated(options, clock));
    if (options.reservedDiskBytes() > 0) {
      result.startDiskKeeper();
    }
    return result;
  }

  /**
   * Closes an environment bdbje invalidated (a {@code RollbackException}: this node had committed
   * entries the group's new master does not have) and opens it again, which makes bdbje roll them
   * back and rejoin the group as it does at a restart. Handles on the old environment must be
   * closed first.
   *
   * @throws JournalException when the environment cannot be opened again
   */
  public synchronized void reopenAfterRollback() {
    ReplicatedEnvironment old = env;
    // Closing it reports DETACHED, which is not this FE's state: the reopened environment reports
    // that.
    listened = null;
    try {
      old.close();
    } catch (RuntimeException e) {
      LOG.info("closing the invalidated bdbje environment: {}", e.toString());
    }
    attach(openReplicated(options.withHelper(options.hostPort()), clock));
  }

  private static Durability durability(BdbOptions options) {
    return new Durability(
        syncPolicy(options.masterSync()),
        syncPolicy(options.replicaSync()),
        ackPolicy(options.replicaAck()));
  }

  private static ReplicatedEnvironment openReplicated(BdbOptions options, Clock clock) {
    try {
      Files.createDirectories(options.envHome());
    } catch (java.io.IOException e) {
      throw new JournalException(
          "cannot create bdb directory " + options.envHome() + ": " + e.getMessage(), e);
    }
    Durability durability = durability(options);
    EnvironmentConfig envConfig = new EnvironmentConfig();
    envConfig.setTransactional(true);
    envConfig.setAllowCreate(true);
    envConfig.setCachePercent(options.cachePercent());
    envConfig.setLockTimeout(options.lockTimeoutSeconds(), TimeUnit.SECONDS);
    envConfig.setDurability(durability);

    ReplicationConfig repConfig =
        new ReplicationConfig(options.groupName(), options.nodeName(), options.hostPort());
    repConfig.setHelperHosts(options.helperHostPort());
    repConfig.setNodeType(options.electable() ? NodeType.ELECTABLE : NodeType.SECONDARY);
    repConfig.setConsistencyPolicy(NoConsistencyRequiredPolicy.NO_CONSISTENCY);
    repConfig.setReplicaAckTimeout(options.replicaAckTimeoutSeconds(), TimeUnit.SECONDS);
    repConfig.setMaxClockDelta(options.maxClockDeltaMillis(), TimeUnit.MILLISECONDS);
    repConfig.setConfigParam(
        ReplicationConfig.TXN_ROLLBACK_LIMIT, Integer.toString(options.txnRollbackLimit()));
    String heartbeat = options.heartbeatTimeoutSeconds() + " s";
    repConfig.setConfigParam(ReplicationConfig.REPLICA_TIMEOUT, heartbeat);
    repConfig.setConfigParam(ReplicationConfig.FEEDER_TIMEOUT, heartbeat);
    // Not among bdbje's public constants, but accepted; several heartbeats per timeout give fast
    // detection.
    repConfig.setConfigParam(
        "je.rep.heartbeatInterval", Integer.toString(options.heartbeatIntervalMillis()));
    // The master already batches every queued write into one commit; replicas delaying their fsync
    // and ack by up to 3 ms to batch again only adds latency (measured: a single writer is several
    // times slower with it).
    repConfig.setConfigParam("je.rep.replicaMaxGroupCommit", "0");
    String election = options.electionTimeoutMillis() + " ms";
    repConfig.setConfigParam("je.rep.electionsOpenTimeout", election);
    repConfig.setConfigParam("je.rep.electionsReadTimeout", election);
    // A master paused (SIGSTOP, a long GC) or cut off while the others elected a successor learns
    // of it from the new master's election result. bdbje resends that result only once a minute, so
    // a result lost while the old master was unreachable left it believing it was master for up to
    // a minute after it woke.
    repConfig.setConfigParam("je.rep.electionsRebroadcastPeriod", election);
    // Without this a node that cannot find a master blocks in the constructor forever; with it, the
    // node opens in UNKNOWN after this long, serves reads, and becomes master or replica when an
    // election succeeds.
    repConfig.setConfigParam(
        ReplicationConfig.ENV_UNKNOWN_STATE_TIMEOUT, options.unknownStateTimeoutMillis() + " ms");
    // A commit on a master that reaches too few FOLLOWERs waits this long for them, then fails
    // without writing:
    // as long as a FOLLOWER may be silent before it counts as gone, not bdbje's 10 s.
    repConfig.setConfigParam(ReplicationConfig.INSUFFICIENT_REPLICAS_TIMEOUT, heartbeat);

    long started = clock.nanos();
    Thread watchdog = watchdog(options, started, clock);
    try {
      ReplicatedEnvironment env = openOrRestore(options, repConfig, envConfig);
      LOG.info(
          "bdbje environment {} opened as node {} at {} in {} ms, state {}",
          options.envHome(),
          options.nodeName(),
          options.hostPort(),
          (clock.nanos() - started) / 1_000_000,
          env.getState());
      return env;
    } catch (EnvironmentLockedException e) {
      throw new JournalException(
          "the bdbje environment "
              + options.envHome()
              + " is locked by another process;"
              + " another FE is using this meta_dir: stop it, or give this FE its own meta_dir",
          e);
    } catch (RuntimeException e) {
      String why = BdbErrors.describe(e);
      if (why.contains("represent different environment instances")) {
        throw new JournalException(
            "this FE's metadata belongs to the replication group from before a metadata"
                + " failure recovery (bdbje: the group has the same name but another identity); it stops so as not to"
                + " disturb the recovered cluster. To rejoin: run ALTER SYSTEM DROP and ADD for "
                + options.hostPort()
                + " on the master, back up and empty "
                + options.envHome().getParent()
                + ", then start this FE with"
                + " --helper <master host:edit_log_port>",
            e);
      }
      if (why.contains("is no longer a member of the group")) {
        throw new JournalException(
            "this FE ("
                + options.nodeName()
                + ") was dropped from the cluster (ALTER SYSTEM"
                + " DROP), so bdbje refuses it as a member; its meta_dir is of no use any more. To bring it back: back up"
                + " and empty "
                + options.envHome().getParent()
                + ", run ALTER SYSTEM ADD for "
                + options.hostPort()
                + " on the master, then start it with --helper <master host:edit_log_port>",
            e);
      }
      throw new JournalException(
          "cannot open the bdbje environment "
              + options.envHome()
              + " as node "
              + options.nodeName()
              + " at "
              + options.hostPort()
              + ": "
              + why,
          e);
    } finally {
      watchdog.interrupt();
    }
  }

  /**
   * bdbje's constructor can block for long (a joining node whose helper is unreachable); say what
   * it waits for.
   */
  private static Thread watchdog(BdbOptions options, long started, Clock clock) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  clock.sleep(OPEN_REPORT);
                  long waited = (clock.nanos() - started) / 1_000_000_000L;
                  if (options.helperHostPort().equals(options.hostPort())) {
                    LOG.warn(
                        "still opening the bdbje environment as node {} at {} after {} s: bdbje is recovering its log"
                            + " or looking for the other FOLLOWERs of its group",
                        options.nodeName(),
                        options.hostPort(),
                        waited);
                  } else {
                    LOG.warn(
                        "still opening the bdbje environment as node {} at {} after {} s: waiting for the replication"
                            + " group through helper {}; check that its edit_log_port is reachable from here",
                        options.nodeName(),
                        options.hostPort(),
                        waited,
                        options.helperHostPort());
                  }
                }
              } catch (InterruptedException done) {
                // opened, or failed
              }
            },
            "bdbje-open-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Opens the environment; a node too far behind the group (a new one, or one whose missing entries
   * the others have deleted) first copies the journal files from a member with a network restore,
   * as bdbje asks.
   */
  private static ReplicatedEnvironment openOrRestore(
      BdbOptions options, ReplicationConfig repConfig, EnvironmentConfig envConfig) {
    try {
      return new ReplicatedEnvironment(options.envHome().toFile(), repConfig, envConfig);
    } catch (InsufficientLogException e) {
      LOG.info(
          "this FE lacks journal entries the group no longer keeps; restoring bdb/ from a member over the"
              + " network");
      NetworkRestoreConfig restore = new NetworkRestoreConfig();
      restore.setRetainLogFiles(false);
      new NetworkRestore().execute(e, restore);
      LOG.info("network restore finished; reopening the environment");
      return new ReplicatedEnvironment(options.envHome().toFile(), repConfig, envConfig);
    }
  }

  /**
   * Bounds bdb/. In a replicated environment bdbje keeps every cleaned log file ("reserved") until
   * a disk limit comes near, so deleting old journal segments alone frees nothing until the disk is
   * almost full. Every second this sets je.maxDisk just above the live and replica-protected files,
   * by reservedDiskBytes: bdbje then deletes the oldest reserved files beyond that budget. Writes
   * would stop only if the live log grew by more than the budget within one second.
   */
  private void startDiskKeeper() {
    Thread t =
        new Thread(
            () -> {
              while (!closed) {
                try {
                  clock.sleep(DISK_KEEPER_PERIOD);
                  fitDiskLimit();
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // invalidated (until reopened) or closed under us: the next round retries,
                  // close() ends the loop
                  LOG.debug("bdbje disk keeper: {}", e.toString());
                }
              }
            },
            "bdbje-disk-keeper");
    t.setDaemon(true);
    t.start();
  }

  private long appliedMaxDisk = -1;

  /**
   * Lifts je.maxDisk for a write that hit it because the live log grew faster than the keeper's
   * pace (bdbje's fast statistics can lag the log under load, so re-fitting from them may not make
   * room). The keeper sets the bound again within a second; bdbje's own free-disk limit still
   * protects a full disk meanwhile.
   */
  synchronized void liftDiskLimit() {
    if (appliedMaxDisk == 0) {
      return;
    }
    com.sleepycat.je.EnvironmentMutableConfig c = env.getMutableConfig();
    c.setConfigParam(EnvironmentConfig.MAX_DISK, "0");
    env.setMutableConfig(c);
    appliedMaxDisk = 0;
  }

  /** Sets je.maxDisk to the live and protected log plus the reserved budget. */
  synchronized void fitDiskLimit() {
    if (options.reservedDiskBytes() == 0) {
      return;
    }
    com.sleepycat.je.EnvironmentStats s =
        env.getStats(new com.sleepycat.je.StatsConfig().setFast(true));
    long limit = s.getActiveLogSize() + s.getProtectedLogSize() + options.reservedDiskBytes();
    if (Math.abs(limit - appliedMaxDisk) > (1 << 20)) {
      com.sleepycat.je.EnvironmentMutableConfig c = env.getMutableConfig();
      c.setConfigParam(EnvironmentConfig.MAX_DISK, Long.toString(limit));
      env.setMutableConfig(c);
      appliedMaxDisk = limit;
    }
  }

  /**
   * Rewrites the group membership in a closed environment so that this node is its only member
   * (bdbje's DbResetRepGroup): the next open makes it master alone, with all of its journal. The
   * group gets a new identity, so members of the old group can no longer join it with their old
   * environments.
   *
   * @param clock times the reset for the log
   * @throws JournalException naming the cause when bdbje refuses
   */
  public static void resetGroup(BdbOptions options, Clock clock) {
    long started = clock.nanos();
    try {
      new com.sleepycat.je.rep.util.DbResetRepGroup(
              options.envHome().toFile(),
              options.groupName(),
              options.nodeName(),
              options.hostPort())
          .reset();
    } catch (RuntimeException e) {
      throw new JournalException(
          "cannot reset the bdbje replication group in " + options.envHome() + ": " + e, e);
    }
    LOG.info(
        "bdbje replication group {} reset in {}: node {} at {} is now its only member ({} ms)",
        options.groupName(),
        options.envHome(),
        options.nodeName(),
        options.hostPort(),
        (clock.nanos() - started) / 1_000_000);
  }

  /**
   * Says, for the operator and the client, why a commit found too few FOLLOWERs: how many it needs,
   * and which electable members this master does not reach.
   *
   * @param available the replicas in contact with the master, as bdbje reported them
   * @param required how many nodes (the master included) the ack policy needs
   */
  String describeLostQuorum(java.util.Set<String> available, int required) {
    java.util.List<String> unreachable = new java.util.ArrayList<>();
    int electable = 0;
    try {
      for (ReplicationNode n : env.getGroup().getElectableNodes()) {
        electable++;
        if (!n.getName().equals(options.nodeName()) && !available.contains(n.getName())) {
          unreachable.add(n.getName() + " (" + n.getHostName() + ":" + n.getPort() + ")");
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot read the replication group: {}", e.toString());
    }
    java.util.Collections.sort(unreachable);
    return "a majority of FOLLOWERs is unreachable, so the write was not committed and nothing changed: this"
        + " master needs "
        + required
        + " of the "
        + electable
        + " FOLLOWERs (itself included) but is in contact"
        + " with "
        + (available.size() + 1)
        + "; unreachable: "
        + (unreachable.isEmpty() ? "none known" : String.join(", ", unreachable))
        + ". Start them or fix the network; writes work again as soon as enough"
        + " are back, and reads keep working meanwhile";
  }

  /** The node name of the master as bdbje last reported it, or null while none is known. */
  public String masterName() {
    return masterName;
  }

  /**
   * Closes this replica's connection to its master, as bdbje itself does when the master has been
   * silent for {@code bdbje_heartbeat_timeout_second}: the replica then starts an election at once.
   * bdbje checks that timeout only on a one-second timer and counts it in whole seconds, so a
   * paused or cut-off master is noticed 2 to 3 s late; a caller that has other evidence of a silent
   * master uses this to act on it sooner. bdbje has no public call for it, so the channel is
   * reached by reflection (see {@link MasterDisconnect}); where that fails (another bdbje build)
   * this warns once and returns false, and bdbje's own timeout still applies.
   *
   * @return whether a connection was closed; false when this node is not replicating from a master
   */
  public boolean dropMasterConnection() {
    try {
      return masterDisconnect.drop(
          com.sleepycat.je.rep.RepInternal.getNonNullRepImpl(env).getRepNode());
    } catch (RuntimeException e) {
      // The environment is closing or invalid: there is no connection to drop.
      return false;
    }
  }

  /**
   * Names of every member of the replication group: electable nodes and the observers bdbje knows
   * now.
   */
  public java.util.Set<String> memberNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    try {
      for (ReplicationNode n : env.getGroup().getNodes()) {
        names.add(n.getName());
      }
      for (ReplicationNode n : env.getGroup().getSecondaryNodes()) {
        names.add(n.getName());
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot read the replication group: {}", e.toString());
    }
    return names;
  }

  /** Names of the electable members (FOLLOWERs) of the replication group. */
  public java.util.Set<String> electableMemberNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (ReplicationNode n : env.getGroup().getElectableNodes()) {
      names.add(n.getName());
    }
    return names;
  }

  /**
   * Removes an electable member from the group, so that it no longer counts towards the quorum. A
   * name bdbje does not know is ignored (the FE may never have joined).
   *
   * @throws JournalException when bdbje refuses, with its reason
   */
  public void removeMember(String nodeName) {
    try {
      String[] hostPort = options.hostPort().split(":");
      ReplicationGroupAdmin admin =
          new ReplicationGroupAdmin(
              options.groupName(),
              java.util.Set.of(
                  new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]))));
      admin.removeMember(nodeName);
      LOG.info("removed {} from the bdbje replication group", nodeName);
    } catch (MemberNotFoundException e) {
      LOG.info("{} was not a member of the bdbje replication group", nodeName);
    } catch (RuntimeException e) {
      throw new JournalException(
          "bdbje refused to remove " + nodeName + " from the replication group: " + e, e);
    }
  }

  ReplicatedEnvironment env() {
    return env;
  }

  Durability durability() {
    return durability;
  }

  BdbOptions options() {
    return options;
  }

  public NodeState state() {
    return map(env.getState());
  }

  /** Registers the single listener for state changes; it runs on a JE thread and must not block. */
  public void onStateChange(Consumer<NodeState> newListener) {
    this.listener = newListener;
  }

  private void onStateChange(StateChangeEvent event, ReplicatedEnvironment source) {
    // bdbje detaches a node whose environment it invalidated (a RollbackException): not closed by
    // this FE.
    NodeState state =
        event.getState().isDetached() && !closed && !source.isValid()
            ? NodeState.INVALIDATED
            : map(event.getState());
    masterName = event.getState().isActive() ? event.getMasterNodeName() : null;
    if (state != NodeState.INVALIDATED && !event.getState().isDetached()) {
      boolean master = event.getState().isMaster();
      // Not on bdbje's listener thread, which must not block on a configuration change.
      priorityKeeper.execute(() -> keepPriority(source, master));
    }
    LOG.info(
        "bdbje reports node state {} (master: {})",
        state == NodeState.INVALIDATED
            ? "DETACHED, environment" + " invalidated"
            : event.getState(),
        event.getState().isActive() ? event.getMasterNodeName() : "none");
    listener.accept(state);
  }

  /**
   * A master ranks itself above the replicas in elections, so that an election a replica starts
   * while the master is alive (a replica that wrongly took it for gone) re-elects it when its
   * journal is no shorter than theirs; bdbje ranks by the journal first, so a replica with newer
   * entries still wins. A replica goes back to the ordinary priority.
   */
  private void keepPriority(ReplicatedEnvironment source, boolean master) {
    int wanted = master ? MASTER_PRIORITY : 1;
    try {
      if (source.isValid() && source.getRepMutableConfig().getNodePriority() != wanted) {
        source.setRepMutableConfig(source.getRepMutableConfig().setNodePriority(wanted));
      }
    } catch (RuntimeException e) {
      LOG.debug("setting this node's election priority to {} failed: {}", wanted, e.toString());
    }
  }

  private static NodeState map(ReplicatedEnvironment.State state) {
    return switch (state) {
      case MASTER -> NodeState.MASTER;
      case REPLICA -> NodeState.REPLICA;
      case UNKNOWN -> NodeState.UNKNOWN;
      case DETACHED -> NodeState.DETACHED;
    };
  }

  static Durability.SyncPolicy syncPolicy(String value) {
    return Durability.SyncPolicy.valueOf(value.toUpperCase(Locale.ROOT));
  }

  static Durability.ReplicaAckPolicy ackPolicy(String value) {
    return Durability.ReplicaAckPolicy.valueOf(value.toUpperCase(Locale.ROOT));
  }

  @Override
  public void close() {
    closed = true;
    priorityKeeper.shutdown();
    try {
      env.close();
      LOG.info("bdbje environment {} closed", options.envHome());
    } catch (RuntimeException e) {
      LOG.warn("closing the bdbje environment {} failed: {}", options.envHome(), e.toString());
    }
  }
}
