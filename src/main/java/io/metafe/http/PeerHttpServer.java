package io.metafe.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metafe.catalog.Catalog;
import io.metafe.catalog.CatalogDigest;
import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FE's HTTP server (the JDK's own). Thread-safe; a small pool serves requests. Every answer is
 * JSON; a refusal is a 4xx with {@code {"status":"FAILED","msg":...}} naming the cause.
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
  }

  /** What the master does for its peers: run forwarded writes and take heartbeats. */
  public interface MasterHandlers {
    /** Runs forwarded writes (several: as one transaction); the map becomes the JSON answer. */
    Map<String, Object> forward(List<ForwardedWrite> writes, String user, String from);

    /**
     * Records a peer's heartbeat; the map (the cluster as the master sees it) becomes the JSON
     * answer.
     */
    Map<String, Object> heartbeat(Map<String, Object> status);
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

  /**
   * {@code POST /api/checkpoint}: the FE {@code from} ran ALTER SYSTEM CREATE IMAGE at journal id
   * {@code atLeast} and asks the FE {@code to} for an image at least that new, allowing {@code
   * replayWaitMillis} to replay up to it. {@code to} guards against a guessed port that reaches
   * another FE on the same host.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CheckpointRequest(String from, String to, long atLeast, long replayWaitMillis) {}

  /**
   * The answer: {@code imageJournalId} of the newest image afterwards, or {@code status} and {@code
   * msg} saying why there is none: {@value #FAILED}, or {@value #WRONG_FE} when the request reached
   * an FE other than {@code to}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CheckpointReply(Long imageJournalId, String status, String msg) {
    public static final String FAILED = "FAILED";
    public static final String WRONG_FE = "WRONG_FE";

    public static CheckpointReply written(long imageJournalId) {
      return new CheckpointReply(imageJournalId, null, null);
    }

    public static CheckpointReply failed(String msg) {
      return new CheckpointReply(null, FAILED, msg);
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private volatile Images images;
  private final CatalogHolder catalog;
  private final Supplier<Node> node;
  private volatile MasterHandlers master;
  private volatile java.util.function.Predicate<String> isGroupMember = name -> false;
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService pool;

  /**
   * Checkpoint requests may wait for replay and then write a whole image: they run here, one at a
   * time, never on the pool that answers heartbeats and forwarded writes.
   */
  private final java.util.concurrent.ExecutorService checkpoints =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "http-checkpoint");
            t.setDaemon(true);
            return t;
          });

  /** Forwarded writes in progress at once on this master; each mostly waits for its commit. */
  static final int FORWARD_THREADS = 64;

  /** Forwarded writes that may wait for a thread; beyond this the master refuses at once. */
  static final int FORWARD_QUEUE = 1024;

  /**
   * Forwarded writes wait for their commit (up to query_timeout_second): they run here, many at
   * once, never on the pool that answers heartbeats, and a full queue is refused with a clear error
   * instead of piling up.
   */
  private final java.util.concurrent.ThreadPoolExecutor forwards;

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
    this.forwards =
        new java.util.concurrent.ThreadPoolExecutor(
            forwardThreads,
            forwardThreads,
            60,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(forwardQueue),
            r -> {
              Thread t = new Thread(r, "http-forward");
              t.setDaemon(true);
              return t;
            });
    this.catalog = catalog;
    this.node = node;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
    pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/role", this::role);
    server.createContext("/version", this::version);
    server.createContext("/api/health", this::health);
    server.createContext("/api/checksum", this::checksum);
    server.createContext("/api/forward", this::forward);
    server.createContext("/api/heartbeat", this::heartbeat);
    server.createContext("/api/checkpoint", this::checkpoint);
    server.createContext("/info", this::info);
    server.createContext("/image", this::image);
    server.createContext("/journal_id", this::journalId);
  }

  /** Installs access to this FE's images (absent until the meta_dir is known). */
  public void images(Images images) {
    this.images = images;
  }

  /**
   * {@code /info}: this FE's newest image id (under the names older tools read too) and its
   * replayed id.
   */
  private void info(HttpExchange ex) throws IOException {
    Images i = images;
    long id = i == null ? 0 : i.newestId();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("imageJournalId", id);
    body.put("imageSeq", id);
    body.put("clusterID", node.get().clusterId());
    body.put("replayedJournalId", catalog.current().journalId());
    send(ex, 200, body);
  }

  /** {@code /journal_id}: the replayed journal id, in the header {@code id}. */
  private void journalId(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("id", Long.toString(catalog.current().journalId()));
    send(ex, 200, Map.of("id", catalog.current().journalId()));
  }

  /**
   * {@code /image?version=N}: the bytes of {@code image.N} (the newest when no version is given)
   * for a listed FE presenting the token. The receiver verifies the image's own checksum; {@code
   * X-Image-Size} lets it see a cut transfer before that.
   */
  private void image(HttpExchange ex) throws IOException {
    String caller = ex.getRemoteAddress().getAddress().getHostAddress();
    boolean listed = catalog.current().frontends().exists(f -> sameHost(f.host(), caller));
    if (!listed || !tokenMatches(ex.getRequestHeaders().getFirst(TOKEN_HEADER))) {
      send(
          ex,
          403,
          Map.of(
              "status",
              "FAILED",
              "msg",
              "images are served only to FEs in the frontend list that send"
                  + " the cluster token; caller "
                  + caller
                  + (listed ? " sent a wrong token" : " is not listed")));
      return;
    }
    Images i = images;
    String version = query(ex.getRequestURI()).get("version");
    long id;
    try {
      id = version == null ? (i == null ? 0 : i.newestId()) : Long.parseLong(version);
    } catch (NumberFormatException e) {
      send(
          ex,
          400,
          Map.of("status", "FAILED", "msg", "version must be a journal id, not '" + version + "'"));
      return;
    }
    java.nio.file.Path file = i == null || id <= 0 ? null : i.file(id);
    if (file == null || !java.nio.file.Files.exists(file)) {
      send(ex, 404, Map.of("status", "FAILED", "msg", "this FE has no image." + id));
      return;
    }
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      long size = java.nio.file.Files.size(file);
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.getResponseHeaders().set("X-Image-Size", Long.toString(size));
      ex.getResponseHeaders().set("X-Image-Journal-Id", Long.toString(id));
      ex.sendResponseHeaders(200, size);
      try (OutputStream out = ex.getResponseBody()) {
        in.transferTo(out);
      }
    } catch (java.nio.file.NoSuchFileException deleted) {
      send(
          ex,
          404,
          Map.of(
              "status",
              "FAILED",
              "msg",
              "image." + id + " was just deleted by retention; ask again"));
    }
  }

  /**
   * {@code POST /api/checkpoint} from a peer: writes an image here, at least as new as the peer
   * asks.
   */
  private void checkpoint(HttpExchange ex) throws IOException {
    Map<String, Object> body = peerRequest(ex);
    if (body == null) {
      return;
    }
    CheckpointRequest request = json.convertValue(body, CheckpointRequest.class);
    String self = node.get().name();
    if (request.to() != null && !request.to().equals(self)) {
      send(
          ex,
          409,
          new CheckpointReply(
              null, CheckpointReply.WRONG_FE, "this is FE " + self + ", not " + request.to()));
      return;
    }
    Images i = images;
    if (i == null) {
      send(
          ex,
          409,
          CheckpointReply.failed(
              "this FE is still starting; run ALTER SYSTEM CREATE IMAGE again once"
                  + " SHOW FRONTENDS shows it alive"));
      return;
    }
    try {
      checkpoints.execute(() -> answerCheckpoint(ex, i, request));
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      send(ex, 409, CheckpointReply.failed("this FE is stopping"));
    }
  }

  private void answerCheckpoint(HttpExchange ex, Images i, CheckpointRequest request) {
    try {
      try {
        long id =
            i.checkpoint(
                request.atLeast(),
                java.time.Duration.ofMillis(Math.max(0, request.replayWaitMillis())),
                "ALTER SYSTEM CREATE IMAGE on "
                    + request.from()
                    + " at journal id "
                    + request.atLeast());
        send(ex, 200, CheckpointReply.written(id));
      } catch (RuntimeException e) {
        send(ex, 500, CheckpointReply.failed(String.valueOf(e.getMessage())));
      }
    } catch (IOException e) {
      LOG.debug("could not answer the checkpoint request of {}: {}", request.from(), e.toString());
    } finally {
      ex.close();
    }
  }

  /**
   * Tells which node names are already in bdbje's group: they get a digest of the token, never the
   * token.
   */
  public void groupMembers(java.util.function.Predicate<String> members) {
    this.isGroupMember = members;
  }

  /** Installs the master-only handlers (null while this FE is not the master). */
  public void masterHandlers(MasterHandlers handlers) {
    this.master = handlers;
  }

  /** Header carrying the cluster token on peer requests. */
  public static final String TOKEN_HEADER = "X-MetaFE-Token";

  /**
   * One statement of a forwarded write or transaction, with the database that was current for it.
   */
  public record ForwardedWrite(String sql, String db) {}

  private void forward(HttpExchange ex) throws IOException {
    MasterRequest r = masterRequest(ex);
    if (r == null) {
      return;
    }
    try {
      forwards.execute(() -> answerForward(ex, r.handlers(), r.body()));
    } catch (java.util.concurrent.RejectedExecutionException full) {
      send(
          ex,
          503,
          forwardRefusal(
              "the master has "
                  + forwards.getMaximumPoolSize()
                  + " forwarded writes running"
                  + " and "
                  + forwards.getQueue().size()
                  + " waiting, so it refused this one and nothing was run; retry"
                  + " shortly, or send fewer writes at once through non-master FEs"));
    }
  }

  /** Forwarded writes waiting for a thread. */
  int forwardsWaiting() {
    return forwards.getQueue().size();
  }

  private void answerForward(HttpExchange ex, MasterHandlers m, Map<String, Object> body) {
    try {
      List<ForwardedWrite> writes = forwardedWrites(body);
      // Never run part of a transaction: a body this FE cannot read in full is refused whole.
      send(
          ex,
          200,
          writes == null
              ? forwardRefusal("the master could not read the forwarded writes; nothing was run")
              : m.forward(
                  writes,
                  String.valueOf(body.get("user")),
                  ex.getRemoteAddress().getAddress().getHostAddress()));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "answering a forwarded write from {} failed: {}", ex.getRemoteAddress(), e.toString());
      ex.close();
    }
  }

  private static Map<String, Object> forwardRefusal(String message) {
    return Map.of(
        "errorCode",
        1105,
        "sqlState",
        "HY000",
        "message",
        message,
        "affectedRows",
        0,
        "journalId",
        0);
  }

  /**
   * The body's {@code writes}, or null if any is malformed; an FE of an older MetaFE sends one
   * write as {@code sql} and {@code db}.
   */
  private static List<ForwardedWrite> forwardedWrites(Map<String, Object> body) {
    if (!(body.get("writes") instanceof List<?> writes)) {
      return body.get("sql") == null
          ? List.of()
          : List.of(new ForwardedWrite(String.valueOf(body.get("sql")), (String) body.get("db")));
    }
    List<ForwardedWrite> out = new java.util.ArrayList<>(writes.size());
    for (Object w : writes) {
      if (!(w instanceof Map<?, ?> m) || !(m.get("sql") instanceof String sql)) {
        return null;
      }
      out.add(new ForwardedWrite(sql, m.get("db") instanceof String db ? db : null));
    }
    return out;
  }

  private void heartbeat(HttpExchange ex) throws IOException {
    onMaster(ex, MasterHandlers::heartbeat);
  }

  /** Answers an authenticated peer POST with what the master's handler returns, or refuses it. */
  private void onMaster(
      HttpExchange ex,
      java.util.function.BiFunction<MasterHandlers, Map<String, Object>, Map<String, Object>>
          handler)
      throws IOException {
    MasterRequest r = masterRequest(ex);
    if (r != null) {
      send(ex, 200, handler.apply(r.handlers(), r.body()));
    }
  }

  /** An authenticated peer POST that this FE, as the master, is to answer. */
  private record MasterRequest(MasterHandlers handlers, Map<String, Object> body) {}

  /**
   * The request and the master's handlers, or null after refusing it (not a peer, or not the
   * master).
   */
  private MasterRequest masterRequest(HttpExchange ex) throws IOException {
    Map<String, Object> body = peerRequest(ex);
    if (body == null) {
      return null;
    }
    MasterHandlers m = master;
    if (m == null) {
      send(ex, 409, Map.of("status", "FAILED", "msg", "this FE is not the master"));
      return null;
    }
    return new MasterRequest(m, body);
  }

  /**
   * The JSON body of a POST from a listed FE presenting the token, or null after answering a
   * refusal.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> peerRequest(HttpExchange ex) throws IOException {
    String caller = ex.getRemoteAddress().getAddress().getHostAddress();
    String token = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
    boolean listed = catalog.current().frontends().exists(f -> sameHost(f.host(), caller));
    if (!"POST".equals(ex.getRequestMethod()) || !listed || !tokenMatches(token)) {
      send(
          ex,
          403,
          Map.of(
              "status",
              "FAILED",
              "msg",
              "peer requests must be POSTs from an FE in the frontend list"
                  + " with the cluster token; caller "
                  + caller
                  + (listed ? " sent a wrong token" : " is not listed")));
      return null;
    }
    return json.readValue(ex.getRequestBody(), Map.class);
  }

  public void start() {
    server.start();
    LOG.info("http server listening on {}", server.getAddress());
  }

  /**
   * {@code /role?host=H&port=P}: the role and node name the master gave the FE at H:P, or UNKNOWN.
   */
  private void role(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI());
    Frontend fe = frontend(q);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", fe == null ? "UNKNOWN" : fe.role().name());
    body.put("type", node.get().type());
    if (fe != null) {
      body.put("name", fe.name());
      // An FE whose bdbje group was reset by a recovery elsewhere learns it here, before it opens
      // bdbje.
      body.put("stale", fe.stale());
      Catalog c = catalog.current();
      if (c.master() != null) {
        body.put(
            "master",
            c.master().nodeName() + " at " + c.master().host() + ":" + c.master().editLogPort());
      }
    }
    send(ex, 200, body);
  }

  /**
   * {@code /version?host=H&port=P}: the cluster id and token, only for an FE in the list calling
   * from its host.
   */
  private void version(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI());
    Frontend fe = frontend(q);
    String caller = ex.getRemoteAddress().getAddress().getHostAddress();
    if (fe == null || !sameHost(fe.host(), caller)) {
      send(
          ex,
          403,
          Map.of(
              "status",
              "FAILED",
              "msg",
              "invalid client host "
                  + caller
                  + ": only FEs added with"
                  + " ALTER SYSTEM ADD FOLLOWER/OBSERVER may read the cluster identity"));
      return;
    }
    Node n = node.get();
    if (isGroupMember.test(fe.name())) {
      // A member restarting only needs to confirm its cluster; the token itself goes only to a
      // joining FE.
      send(ex, 200, Map.of("clusterId", n.clusterId(), "tokenSha256", sha256(n.token())));
      return;
    }
    send(ex, 200, Map.of("clusterId", n.clusterId(), "token", n.token()));
  }

  private void health(HttpExchange ex) throws IOException {
    Node n = node.get();
    Catalog c = catalog.current();
    send(
        ex,
        200,
        Map.of(
            "status",
            "OK",
            "type",
            n.type(),
            "replayedJournalId",
            c.journalId(),
            "feStartTime",
            n.startTimeMillis(),
            "feVersion",
            n.version(),
            "clusterId",
            n.clusterId()));
  }

  /**
   * {@code /api/checksum?token=T}: a digest of the whole catalog at this FE's replayed journal id.
   */
  private void checksum(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI());
    if (!tokenMatches(q.get("token"))) {
      send(
          ex,
          403,
          Map.of(
              "status",
              "FAILED",
              "msg",
              "missing or wrong token: pass ?token=<token from" + " meta_dir/image/VERSION>"));
      return;
    }
    Catalog c = catalog.current();
    send(ex, 200, Map.of("journalId", c.journalId(), "digest", CatalogDigest.of(c)));
  }

  public static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** Constant-time comparison, so that response times do not reveal the token. */
  private boolean tokenMatches(String presented) {
    return presented != null
        && java.security.MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8),
            node.get().token().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether a request from {@code caller} may come from an FE at {@code host}. The JDK's HTTP
   * client cannot choose its source address, so an FE on 127.0.0.3 calls from 127.0.0.1: on
   * loopback, any 127/8 caller is this machine.
   */
  private static boolean sameHost(String host, String caller) {
    return host.equals(caller) || (host.startsWith("127.") && caller.startsWith("127."));
  }

  private Frontend frontend(Map<String, String> q) {
    String host = q.get("host");
    int port;
    try {
      port = Integer.parseInt(q.getOrDefault("port", ""));
    } catch (NumberFormatException e) {
      return null;
    }
    return host == null ? null : catalog.current().frontendAt(host, port).getOrNull();
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    // Never interrupt: a request thread may be inside bdbje, where an interrupt invalidates the
    // environment.
    pool.shutdown();
    forwards.shutdown();
    checkpoints.shutdown();
  }
}
