package io.metafe.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.CheckpointResponse;
import io.metafe.peer.ClusterToken;
import io.metafe.peer.FeStatus;
import io.metafe.peer.ForwardResponse;
import io.metafe.peer.ForwardedWrite;
import io.metafe.peer.HeartbeatResponse;
import io.metafe.peer.PeerJson;
import io.metafe.peer.Refusal;
import io.metafe.peer.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FE's HTTP server (the JDK's own): serves every {@link Route}, each call checked by one {@link
 * RouteGuard}, its request and answer records coded by {@link PeerJson}, its handler run on its
 * route's lane. Every answer is JSON but an image's bytes; a refusal is a 4xx with {@link Refusal}
 * naming the cause. Thread-safe.
 */
public final class PeerHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerHttpServer.class);

  /** This FE's identity and state as the endpoints report it. */
  public interface Node {
    /** The node name from image/ROLE; empty until it is known. */
    String name();

    int clusterId();

    String token();

    String type();

    long startTimeMillis();

    String version();

    default boolean isMaster() {
      return "MASTER".equals(type());
    }
  }

  /** What the master does for its peers: run forwarded writes and take heartbeats. */
  public interface MasterHandlers {
    /** Runs forwarded writes (several: as one transaction), sent by {@code from} (an IP). */
    ForwardResponse forward(List<ForwardedWrite> writes, String user, String from);

    /** Records a peer's heartbeat; answers with the cluster as the master sees it. */
    HeartbeatResponse heartbeat(FeStatus status);
  }

  /** This FE's images, served to peers that need one and written on a peer's request. */
  public interface Images {
    /** The newest image's journal id; 0 when there is none. */
    long newestId();

    /** The file of an image, which may have been deleted since it was listed. */
    java.nio.file.Path file(long journalId);

    /**
     * Writes an image holding at least {@code journalId}, after waiting up to {@code replayWait} to
     * replay it.
     *
     * @return the newest image's journal id afterwards
     * @throws RuntimeException whose message says why it failed
     */
    long checkpoint(long journalId, java.time.Duration replayWait, String why);
  }

  /** Forwarded writes in progress at once on this master; each mostly waits for its commit. */
  static final int FORWARD_THREADS = 64;

  /** Forwarded writes that may wait for a thread; beyond this the master refuses at once. */
  static final int FORWARD_QUEUE = 1024;

  /** Answers that take microseconds; heartbeats must never wait behind a slow call. */
  private static final int PEER_THREADS = 4;

  /** A handler: the route's request record and the caller's IP in, the answer out. */
  @FunctionalInterface
  interface Handler<Q> {
    Reply answer(Q request, String caller) throws IOException;
  }

  private final PeerJson json = new PeerJson();
  private final RouteGuard guard;
  private final PeerEndpoints endpoints;
  private final HttpServer server;
  private final ExecutorService peers;
  private final ThreadPoolExecutor forwards;
  private final ExecutorService checkpoints;

  public PeerHttpServer(String host, int port, CatalogHolder catalog, Supplier<Node> node)
      throws IOException {
    this(host, port, catalog, node, FORWARD_THREADS, FORWARD_QUEUE);
  }

  /**
   * With room for {@code forwardThreads} forwarded writes at once and {@code forwardQueue} waiting.
   */
  PeerHttpServer(
      String host,
      int port,
      CatalogHolder catalog,
      Supplier<Node> node,
      int forwardThreads,
      int forwardQueue)
      throws IOException {
    this.guard = new RouteGuard(catalog, node);
    this.endpoints = new PeerEndpoints(catalog, node);
    this.forwards =
        new ThreadPoolExecutor(
            forwardThreads,
            forwardThreads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(forwardQueue),
            daemon("http-forward"));
    this.checkpoints = Executors.newSingleThreadExecutor(daemon("http-checkpoint"));
    this.peers = Executors.newFixedThreadPool(PEER_THREADS, daemon("http"));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
    server.setExecutor(peers);
    List<Route<?, ?>> bound = new ArrayList<>();
    bind(bound, Route.ROLE, null, endpoints::role);
    bind(bound, Route.VERSION, null, endpoints::version);
    bind(bound, Route.HEALTH, null, endpoints::health);
    bind(bound, Route.CHECKSUM, null, endpoints::checksum);
    bind(bound, Route.INFO, null, endpoints::info);
    bind(bound, Route.JOURNAL_ID, null, endpoints::journalId);
    bind(bound, Route.IMAGE, null, endpoints::image);
    bind(bound, Route.HEARTBEAT, null, endpoints::heartbeat);
    bind(bound, Route.FORWARD, null, endpoints::forward);
    bind(bound, Route.CHECKPOINT, endpoints::screenCheckpoint, endpoints::checkpoint);
    if (!bound.equals(Route.ALL)) {
      throw new IllegalStateException("routes served " + bound + " are not " + Route.ALL);
    }
  }

  /** Installs access to this FE's images (absent until the meta_dir is known). */
  public void images(Images images) {
    endpoints.images(images);
  }

  /**
   * Tells which node names are already in bdbje's group: they get a digest of the token, never the
   * token.
   */
  public void groupMembers(Predicate<String> members) {
    endpoints.groupMembers(members);
  }

  /** Installs the master-only handlers. */
  public void masterHandlers(MasterHandlers handlers) {
    endpoints.masterHandlers(handlers);
  }

  /** Header carrying the cluster token on peer requests. */
  public static final String TOKEN_HEADER = ClusterToken.HEADER;

  public void start() {
    server.start();
    LOG.info("http server listening on {}", server.getAddress());
  }

  /** Forwarded writes waiting for a thread. */
  int forwardsWaiting() {
    return forwards.getQueue().size();
  }

  /**
   * @param screen refusals that need not wait for the lane, or null
   */
  private <Q> void bind(
      List<Route<?, ?>> bound, Route<Q, ?> route, Handler<Q> screen, Handler<Q> handler) {
    bound.add(route);
    server.createContext(route.path(), ex -> serve(route, screen, handler, ex));
  }

  /** Runs on the small pool: checks, reads and screens the call, then hands it to its lane. */
  private <Q> void serve(Route<Q, ?> route, Handler<Q> screen, Handler<Q> handler, HttpExchange ex)
      throws IOException {
    String caller = ex.getRemoteAddress().getAddress().getHostAddress();
    Map<String, String> query = PeerJson.parseQuery(ex.getRequestURI().getRawQuery());
    Reply refused =
        guard.check(
            route,
            ex.getRequestMethod(),
            caller,
            ex.getRequestHeaders().getFirst(ClusterToken.HEADER),
            query);
    if (refused != null) {
      respond(ex, refused);
      return;
    }
    Q request;
    try {
      request =
          route.method() == Route.Method.POST
              ? json.read(ex.getRequestBody().readAllBytes(), route.request())
              : json.fromQuery(query, route.request());
    } catch (IOException | IllegalArgumentException e) {
      respond(
          ex,
          Reply.of(
              400,
              Refusal.of("cannot read the request to " + route.path() + ": " + e.getMessage())));
      return;
    }
    Reply early = screen == null ? null : screen.answer(request, caller);
    if (early != null) {
      respond(ex, early);
      return;
    }
    Runnable answer = () -> answer(route, handler, request, caller, ex);
    try {
      switch (route.lane()) {
        case PEERS -> answer.run();
        case FORWARDS -> forwards.execute(answer);
        case CHECKPOINTS -> checkpoints.execute(answer);
      }
    } catch (RejectedExecutionException full) {
      respond(ex, busy(route.lane()));
    }
  }

  private Reply busy(Route.Lane lane) {
    return switch (lane) {
      case FORWARDS ->
          Reply.of(
              503,
              ForwardResponse.queueFull(forwards.getMaximumPoolSize(), forwards.getQueue().size()));
      case CHECKPOINTS -> Reply.of(409, CheckpointResponse.failed("this FE is stopping"));
      case PEERS -> Reply.of(503, Refusal.of("this FE is stopping"));
    };
  }

  private <Q> void answer(
      Route<Q, ?> route, Handler<Q> handler, Q request, String caller, HttpExchange ex) {
    try {
      Reply reply;
      try {
        reply = handler.answer(request, caller);
      } catch (IOException | RuntimeException e) {
        LOG.warn("answering {} from {} failed: {}", route, caller, e.toString());
        reply = Reply.of(500, Refusal.of(route + " failed on this FE: " + e.getMessage()));
      }
      respond(ex, reply);
    } catch (IOException e) {
      LOG.debug("could not answer {} from {}: {}", route, caller, e.toString());
    } finally {
      ex.close();
    }
  }

  private void respond(HttpExchange ex, Reply reply) throws IOException {
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    if (reply.body() instanceof Reply.Bytes bytes) {
      try (InputStream in = bytes.in()) {
        ex.sendResponseHeaders(reply.status(), bytes.size());
        try (OutputStream out = ex.getResponseBody()) {
          in.transferTo(out);
        }
      }
      return;
    }
    byte[] body = json.write(reply.body());
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    // Never interrupt: a request thread may be inside bdbje, where an interrupt invalidates the
    // environment.
    peers.shutdown();
    forwards.shutdown();
    checkpoints.shutdown();
  }
}
