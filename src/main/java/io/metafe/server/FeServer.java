package io.metafe.server;

import io.metafe.catalog.Catalog;
import io.metafe.config.FeConfig;
import io.metafe.edit.CatalogHolder;
import io.metafe.http.PeerHttpServer;
import io.metafe.peer.PeerClient;
import io.metafe.time.Clock;
import java.util.function.Consumer;

/**
 * The composition root of one FE: {@link #start} runs the start-up steps ({@link NodeStartup}),
 * which end in the immutable {@link NodeContext}, and then builds the running FE on it ({@link
 * FeServices}); {@link #close} stops whatever of that exists, in {@link StopOrder}'s order. Holds
 * no logic of its own.
 */
public final class FeServer implements AutoCloseable {
  static final String VERSION = "0.1.0";

  private final FeConfig config;
  private final StartOptions options;
  private final Consumer<String> fatal;
  private final Clock clock;
  private final long startTime;
  private final StopOrder stops = new StopOrder();

  /**
   * What this FE reports of itself from the moment its HTTP server listens: the one object that
   * learns the identity and the role as start-up finds them.
   */
  private final SelfReport self;

  private final PeerClient peerClient;

  /**
   * A last image at close is written only after a start that completed and no fatal fault since.
   */
  private volatile boolean started;

  /**
   * A catalog left by a fault (a lost mastership, a failed commit) is not one to stake an image on.
   */
  private volatile boolean faulted;

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
    this.self = new SelfReport(startTime);
    this.peerClient = new PeerClient(self::token);
    this.fatal =
        reason -> {
          faulted = true;
          fatal.accept(reason);
        };
  }

  /**
   * Starts the FE and returns it once it serves clients. Once per FeServer.
   *
   * @throws StartupException with the one line the operator needs when the FE must not start; what
   *     was started by then stops at {@link #close}
   */
  public FeServices start() {
    NodeStartup startup = new NodeStartup(config, options, clock, startTime, peerClient, stops);
    NodeStartup.Address address = startup.chooseAddress();
    CatalogHolder catalog = new CatalogHolder(Catalog.empty(), clock);
    PeerHttpServer http = startup.startHttp(address, catalog, self);
    NodeContext node = startup.identify(address, self);
    FeServices services = new FeServices(node, catalog, http, self, peerClient, fatal, stops);
    started = true;
    return services;
  }

  /**
   * Stops serving clients, then writing and replaying; writes a last image of what this FE replayed
   * (a graceful stop only); then closes the journal and bdbje. Idempotent; after a start that
   * failed halfway it stops what that start began.
   */
  @Override
  public synchronized void close() {
    boolean graceful = started && !faulted;
    started = false;
    stops.stop(graceful);
  }
}
