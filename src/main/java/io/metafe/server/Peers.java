package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.checkpoint.JournalTrimmer;
import io.metafe.edit.CatalogHolder;
import io.metafe.http.PeerHttpServer;
import io.metafe.peer.FeStatus;
import io.metafe.peer.ForwardResponse;
import io.metafe.peer.ForwardedWrite;
import io.metafe.peer.HeartbeatResponse;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerCallException;
import io.metafe.peer.PeerClient;
import io.metafe.peer.PeerJson;
import io.metafe.peer.Route;
import io.metafe.records.MasterInfo;
import io.metafe.session.ClusterView.FrontendStatus;
import io.metafe.session.ForwardedStatements;
import io.metafe.session.Forwarder;
import io.metafe.sql.SqlError;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How FEs keep track of each other: non-masters send a heartbeat every {@link #INTERVAL}; the
 * master records them and answers each with the whole cluster's status, so every FE can show live
 * values in SHOW FRONTENDS. An FE is alive while heartbeats arrive within three intervals. Also the
 * master's side of forwarding, and the front for the non-master's ({@link MasterForwarder}) and for
 * CREATE IMAGE's requests to the others ({@link CheckpointRequests}). Thread-safe.
 */
final class Peers implements Forwarder, PeerHttpServer.MasterHandlers, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Peers.class);
  static final Duration INTERVAL = Duration.ofSeconds(2);

  /** Two heartbeats may be lost before an FE is reported dead. */
  static final Duration ALIVE = INTERVAL.multipliedBy(3);

  private static final long NOT_BEHIND = Long.MIN_VALUE;

  private final PeerJson json = new PeerJson();
  private final CatalogHolder catalog;
  private final String selfName;
  private final Supplier<Map<String, Object>> selfStatus;
  private final BooleanSupplier isMaster;
  private final PeerClient client;
  private final Clock clock;
  private final MasterForwarder forwarder;
  private final CheckpointRequests checkpoints;

  /** By node name; "receivedAt" values are the master's wall clock. */
  private final Map<String, FeStatus> statuses = new ConcurrentHashMap<>();

  private final Thread sender;
  private final long toleranceMillis;
  private final PortsRecorder ports;

  /**
   * The one input that arrives after construction, at {@link #start}: the sessions that run
   * forwarded writes need this object as their forwarder, so they exist only after it.
   */
  private volatile ForwardedStatements forwarded;

  private volatile boolean running = true;
  private volatile String lastError = "";

  /** Monotonic millis of the last answer from the master. */
  private volatile long lastContact;

  /** Monotonic millis since when this FE's replay is behind the master's journal. */
  private volatile long behindSince = NOT_BEHIND;

  private volatile long masterJournalId;

  /**
   * @param selfStatus this FE's status under {@link FeStatus}'s field names
   * @param electedMaster the node name of the master bdbje reports now, or null
   * @param metaDelayToleration how long a non-master may go without hearing from the master, or
   *     stay behind it, before it refuses reads
   * @param ports where the master records ports that heartbeats report differently from the
   *     metadata
   * @param silentSince the clock's monotonic millis from which a master that has not answered yet
   *     counts as silent
   */
  Peers(
      CatalogHolder catalog,
      String selfName,
      Supplier<Map<String, Object>> selfStatus,
      BooleanSupplier isMaster,
      Supplier<String> electedMaster,
      Duration metaDelayToleration,
      PortsRecorder ports,
      PeerClient client,
      Clock clock,
      long silentSince) {
    this.catalog = catalog;
    this.selfName = selfName;
    this.selfStatus = selfStatus;
    this.isMaster = isMaster;
    this.toleranceMillis = metaDelayToleration.toMillis();
    this.ports = ports;
    this.client = client;
    this.clock = clock;
    this.lastContact = silentSince;
    this.forwarder = new MasterForwarder(catalog, electedMaster, client, clock);
    this.checkpoints =
        new CheckpointRequests(
            catalog, selfName, client, clock, this::status, this::reportedHttpPort);
    this.sender = new Thread(this::sendHeartbeats, "heartbeat");
    this.sender.setDaemon(true);
  }

  void start(ForwardedStatements statements) {
    this.forwarded = statements;
    sender.start();
  }

  @Override
  public Forwarded forward(List<Forwarder.Write> writes, String user) {
    return forwarder.forward(writes, user);
  }

  @Override
  public ForwardResponse forward(List<ForwardedWrite> writes, String user, String from) {
    // A former master must not run what was meant for the current one, nor forward it again.
    ForwardedStatements statements = forwarded;
    Forwarded f =
        isMaster.getAsBoolean() && statements != null
            ? statements.execute(
                writes.stream().map(w -> new Forwarder.Write(w.sql(), w.db())).toList(), user, from)
            : new Forwarded(
                SqlError.UNKNOWN.code(),
                SqlError.UNKNOWN.sqlState(),
                "the FE the write was forwarded to is no longer the master; retry",
                0,
                catalog.current().journalId());
    return new ForwardResponse(
        f.errorCode(), f.sqlState(), f.message(), f.affectedRows(), f.journalId());
  }

  @Override
  public HeartbeatResponse heartbeat(FeStatus status) {
    long now = clock.wallMillis();
    if (status.name() != null) {
      statuses.put(status.name(), status.receivedAt(now));
      ports.report(status.name(), status.httpPort(), status.queryPort(), status.rpcPort());
    }
    Map<String, FeStatus> all = new LinkedHashMap<>(statuses);
    all.put(selfName, self().receivedAt(now));
    return new HeartbeatResponse(catalog.current().journalId(), all);
  }

  private FeStatus self() {
    return json.convert(selfStatus.get(), FeStatus.class);
  }

  /**
   * The first heartbeat goes out at once: until it arrives, no other FE knows this FE's HTTP port.
   */
  private void sendHeartbeats() {
    while (running) {
      sendHeartbeat();
      try {
        clock.sleep(INTERVAL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One heartbeat to the master, unless this FE is the master. */
  void sendHeartbeat() {
    MasterInfo m = catalog.current().master();
    if (isMaster.getAsBoolean() || m == null || m.nodeName().equals(selfName)) {
      return;
    }
    try {
      HeartbeatResponse view =
          client.call(Route.HEARTBEAT, new PeerAddress(m.host(), m.httpPort()), self());
      noteMasterPosition(view.masterJournalId());
      // Replaced entry by entry, never emptied first, so that a reader meanwhile does not see every
      // FE as unheard of.
      statuses.putAll(view.statuses());
      statuses.keySet().retainAll(view.statuses().keySet());
      lastError = "";
    } catch (PeerCallException | RuntimeException e) {
      if (lastError.isEmpty()) {
        LOG.warn(
            "heartbeat to master {} at {}:{} failed: {}",
            m.nodeName(),
            m.host(),
            m.httpPort(),
            e.getMessage());
      }
      lastError = "heartbeat to master failed: " + e.getMessage();
    }
  }

  private void noteMasterPosition(long masterId) {
    long now = clock.millis();
    lastContact = now;
    masterJournalId = masterId;
    if (catalog.current().journalId() >= masterId) {
      behindSince = NOT_BEHIND;
    } else if (behindSince == NOT_BEHIND) {
      behindSince = now;
    }
  }

  /**
   * Why this FE must not serve catalog reads now, or null. A non-master that has not heard from the
   * master, or has stayed behind it, for longer than meta_delay_toleration_second would serve stale
   * metadata without saying so.
   */
  String staleness() {
    if (isMaster.getAsBoolean()) {
      return null;
    }
    long now = clock.millis();
    long replayed = catalog.current().journalId();
    if (behindSince != NOT_BEHIND && replayed >= masterJournalId) {
      behindSince = NOT_BEHIND;
    }
    if (now - lastContact > toleranceMillis) {
      return "this FE has not heard from the master for "
          + (now - lastContact) / 1000
          + " s (replayed journal id "
          + replayed
          + "), more than meta_delay_toleration_second; its metadata may be stale, so it refuses reads:"
          + " read from the master (SHOW FRONTENDS), or check this FE's network and fe.log";
    }
    if (behindSince != NOT_BEHIND && now - behindSince > toleranceMillis) {
      return "this FE has been behind the master for "
          + (now - behindSince) / 1000
          + " s (replayed journal id "
          + replayed
          + ", master at "
          + masterJournalId
          + "), more than meta_delay_toleration_second; it refuses"
          + " reads until it catches up: read from the master, or check this FE's fe.log for replay errors";
    }
    return null;
  }

  /** What this FE knows of another FE's status. */
  FrontendStatus status(Frontend fe) {
    FeStatus s = statuses.get(fe.name());
    if (s == null) {
      return new FrontendStatus(
          false,
          0,
          0,
          0,
          0,
          0,
          0,
          "",
          lastError.isEmpty() ? "no heartbeat yet" : lastError,
          0,
          0,
          "");
    }
    long silent = clock.wallMillis() - s.receivedAt();
    boolean alive = silent < ALIVE.toMillis();
    return new FrontendStatus(
        alive,
        s.replayedJournalId(),
        s.httpPort(),
        s.queryPort(),
        s.rpcPort(),
        s.receivedAt(),
        alive ? s.startTime() : 0,
        s.version() == null ? "" : s.version(),
        alive ? "" : "no heartbeat for " + silent / 1000 + " s",
        s.imageJournalId(),
        s.lastCheckpointTime(),
        s.checkpointError() == null ? "" : s.checkpointError());
  }

  /** The HTTP port an FE reported in its latest heartbeat; 0 when it has not. */
  private int reportedHttpPort(String name) {
    FeStatus s = statuses.get(name);
    return s == null ? 0 : s.httpPort();
  }

  /**
   * Asks every other FE in the frontend list to write an image holding at least {@code atLeast};
   * see {@link CheckpointRequests#request}.
   */
  CompletableFuture<List<String>> requestCheckpoints(long atLeast, int fallbackHttpPort) {
    return checkpoints.request(atLeast, fallbackHttpPort);
  }

  /** What the master has heard of every other FE's newest image, for journal trimming. */
  List<JournalTrimmer.Peer> imagePeers() {
    List<JournalTrimmer.Peer> out = new ArrayList<>();
    long now = clock.wallMillis();
    for (Frontend fe : catalog.current().frontends()) {
      if (fe.name().equals(selfName)) {
        continue;
      }
      FeStatus s = statuses.get(fe.name());
      out.add(
          s == null
              ? new JournalTrimmer.Peer(fe.name(), 0, -1)
              : new JournalTrimmer.Peer(fe.name(), s.imageJournalId(), now - s.receivedAt()));
    }
    return out;
  }

  @Override
  public void close() {
    running = false;
    sender.interrupt();
    checkpoints.close();
  }
}
