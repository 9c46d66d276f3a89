package io.metafe.server;

import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.Change;
import io.metafe.edit.EditLog;
import io.metafe.journal.Journal;
import io.metafe.journal.NodeState;
import io.metafe.journal.QuorumLostException;
import io.metafe.journal.UnknownOutcomeException;
import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendPorts;
import io.metafe.records.FrontendRole;
import io.metafe.records.JournalRecord;
import io.metafe.records.MasterInfo;
import io.metafe.records.ResetGroup;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this FE does each time bdbje makes it master, before it accepts writes: start the edit log
 * and record itself (the very first FE: as the cluster's first FOLLOWER; after a recovery: the
 * group reset) and where it is. Called by the role controller, one transition at a time.
 */
final class MasterTakeover {
  // Its lines appear in fe.log as [FeServer], where operators and tests look for them.
  private static final Logger LOG = LoggerFactory.getLogger(FeServer.class);
  private static final int MAX_BATCH = 1024;

  private final NodeContext node;
  private final CatalogHolder catalog;
  private final BdbEnvironment bdb;
  private final GroupMembership membership;
  private final SelfListing listing;
  private final Consumer<String> fatal;
  private final BooleanSupplier stopping;

  /**
   * Whether this process already recorded its recovery's group reset: only the first mastership
   * after a reset records it. Set by the role controller's thread, read by the next one's.
   */
  private volatile boolean resetRecorded;

  /**
   * @param fatal handed to the edit log: a failed commit stops the FE
   * @param stopping whether this FE is shutting down: then a refused first commit is not retried
   */
  MasterTakeover(
      NodeContext node,
      CatalogHolder catalog,
      BdbEnvironment bdb,
      GroupMembership membership,
      SelfListing listing,
      Consumer<String> fatal,
      BooleanSupplier stopping) {
    this.node = node;
    this.catalog = catalog;
    this.bdb = bdb;
    this.membership = membership;
    this.listing = listing;
    this.fatal = fatal;
    this.stopping = stopping;
  }

  /** Starts the master's write path over {@code journal} and records this master. */
  EditLog startEditLog(Journal journal) {
    Clock clock = node.clock();
    EditLog log = new EditLog(journal, catalog, MAX_BATCH, fatal, clock);
    log.start();
    try {
      submitWhileMaster(log, takeOver());
    } catch (RuntimeException e) {
      log.close("this FE could not take over as master: " + e.getMessage());
      throw e;
    }
    listing.nowListed();
    resetRecorded = true;
    membership.removeStrays();
    return log;
  }

  private Change<Void> takeOver() {
    FeConfig config = node.config();
    String name = node.nodeName();
    String host = node.host();
    int editLogPort = node.editLogPort();
    int httpPort = node.httpPort();
    return c -> {
      List<JournalRecord> records = new ArrayList<>();
      int queryPort = config.get(ConfigKeys.QUERY_PORT);
      int rpcPort = config.get(ConfigKeys.RPC_PORT);
      if (c.frontends().isEmpty()) {
        records.add(new AddFrontend(name, FrontendRole.FOLLOWER, host, editLogPort, httpPort));
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
      if (node.recoveredNow() && !resetRecorded) {
        // This FE votes now, whatever the metadata said; every other FE belongs to the
        // old group.
        records.add(new ResetGroup(name, node.clock().wallMillis()));
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
    };
  }

  /**
   * Commits a new master's first records. bdbje elects a master before its replicas have connected
   * to it, and a commit finds too few of them until they have (seconds, under load), or until a
   * lost quorum returns: retry for as long as bdbje keeps this FE master, rather than give up a
   * mastership the others just granted.
   */
  private void submitWhileMaster(EditLog log, Change<Void> takeOver) {
    Clock clock = node.clock();
    Duration timeout = Duration.ofSeconds(node.config().get(ConfigKeys.QUERY_TIMEOUT_SECOND));
    long warnAt = clock.nanos();
    while (true) {
      try {
        log.submit(takeOver, timeout);
        return;
      } catch (QuorumLostException | UnknownOutcomeException e) {
        MasterInfo recorded = catalog.current().master();
        if (e instanceof UnknownOutcomeException
            && recorded != null
            && recorded.nodeName().equals(node.nodeName())) {
          return;
        }
        if (stopping.getAsBoolean() || bdb.state() != NodeState.MASTER) {
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
}
