package io.metafe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metafe.catalog.Frontend;
import io.metafe.checkpoint.JournalTrimmer;
import io.metafe.edit.CatalogHolder;
import io.metafe.http.PeerHttpServer;
import io.metafe.records.MasterInfo;
import io.metafe.session.ClusterView.FrontendStatus;
import io.metafe.session.ForwardedStatements;
import io.metafe.session.Forwarder;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * How FEs talk to the master over HTTP: non-masters forward writes and send a heartbeat every
 * {@link #INTERVAL}; the master runs forwarded writes, records heartbeats, and answers each with
 * the whole cluster's status, so every FE can show live values in SHOW FRONTENDS. An FE is alive
 * while heartbeats arrive within three intervals. Thread-safe.
 */
final class Peers implements Forwarder, PeerHttpServer.MasterHandlers, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Peers.class);
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final long ALIVE_MILLIS = INTERVAL.toMillis() * 3;

  /**
   * Longer than a commit waiting for follower acknowledgements, shorter than a client's patience.
   */
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long a write whose master refuses connections waits for the next master before it is
   * refused.
   */
  private static final Duration UNREACHABLE_MASTER_WAIT = Duration.ofSeconds(15);

  /**
   * How long another FE may take to replay up to the journal id CREATE IMAGE ran at, before it
   * gives up.
   */
  private static final Duration CHECKPOINT_REPLAY_WAIT = Duration.ofSeconds(30);

  /** Writing an image of a large catalog may take minutes; the replay wait comes first. */
  private static final Duration CHECKPOINT_REQUEST_TIMEOUT =
      CHECKPOINT_REPLAY_WAIT.plus(Duration.ofMinutes(5));

  /**
   * An FE added moments ago reports its HTTP port with its first heartbeat, which reaches every FE
   * by then.
   */
  private static final Duration PORT_WAIT = Duration.ofMillis(ALIVE_MILLIS);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final CatalogHolder catalog;
  private final String selfName;
  private final Supplier<String> token;
  private final Supplier<Map<String, Object>> selfStatus;
  private final BooleanSupplier isMaster;
  private final Supplier<String> electedMaster;
  private final Map<String, Map<String, Object>> statuses = new ConcurrentHashMap<>();
  private final Thread sender;

  /**
   * One request per other FE, all at once, for ALTER SYSTEM CREATE IMAGE; idle threads end after a
   * minute.
   */
  private final java.util.concurrent.ExecutorService checkpointRequests =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "checkpoint-request");
            t.setDaemon(true);
            return t;
          });

  private volatile ForwardedStatements forwarded;
  private volatile PortsRecorder ports;
  private volatile boolean running = true;
  private volatile String lastError = "";
  private final long toleranceMillis;
  private volatile long lastContact = System.currentTimeMillis();
  private volatile long behindSince;
  private volatile long masterJournalId;

  Peers(
      CatalogHolder catalog,
      String selfName,
      Supplier<String> token,
      Supplier<Map<String, Object>> selfStatus,
      BooleanSupplier isMaster,
      Supplier<String> electedMaster,
      Duration metaDelayToleration) {
    this.electedMaster = electedMaster;
    this.toleranceMillis = metaDelayToleration.toMillis();
    this.catalog = catalog;
    this.selfName = selfName;
    this.token = token;
    this.selfStatus = selfStatus;
    this.isMaster = isMaster;
    this.sender = new Thread(this::sendHeartbeats, "heartbeat");
    this.sender.setDaemon(true);
  }

  /** Where the master records ports that heartbeats report differently from the metadata. */
  void recordPortsWith(PortsRecorder recorder) {
    this.ports = recorder;
  }

  void start(ForwardedStatements statements) {
    this.forwarded = statements;
    sender.start();
  }

  @Override
  public Forwarded forward(List<Forwarder.Write> writes, String user) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "writes",
        writes.stream()
            .map(w -> new PeerHttpServer.ForwardedWrite(w.sql(), w.database()))
            .toList());
    body.put("user", user);
    long deadline = System.nanoTime() + UNREACHABLE_MASTER_WAIT.toNanos();
    while (true) {
      MasterInfo m = currentMaster();
      try {
        return forwardTo(m, body);
      } catch (UnreachableMasterException e) {
        // Nothing reached that master, so the writes can safely go to the one elected after it.
        if (System.nanoTime() > deadline || !awaitOtherMaster(m.nodeName(), deadline)) {
          throw SqlException.of(
              SqlError.UNKNOWN,
              "cannot forward the write to master "
                  + m.nodeName()
                  + " at "
                  + m.host()
                  + ":"
                  + m.httpPort()
                  + " (nothing answers there) and no other master was elected within "
                  + UNREACHABLE_MASTER_WAIT.toSeconds()
                  + " s; nothing was written: retry once a master is elected"
                  + " (SHOW FRONTENDS)");
        }
        LOG.info(
            "master {} is unreachable; forwarding to the newly elected master {}",
            m.nodeName(),
            electedMaster.get());
      }
    }
  }

  /** Waits until bdbje elects a master other than {@code previous}; false at the deadline. */
  private boolean awaitOtherMaster(String previous, long deadline) {
    while (System.nanoTime() < deadline) {
      String elected = electedMaster.get();
      MasterInfo m = catalog.current().master();
      if (elected != null
          && !elected.equals(previous)
          && m != null
          && m.nodeName().equals(elected)) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** The connection to the master was refused: the request never reached it. */
  private static final class UnreachableMasterException extends Exception {
    UnreachableMasterException(Throwable cause) {
      super(cause);
    }
  }

  private Forwarded forwardTo(MasterInfo m, Map<String, Object> body)
      throws UnreachableMasterException {
    try {
      Map<String, Object> r = postWhileMaster(m, body);
      if (!r.containsKey("errorCode")) {
        throw new IOException(String.valueOf(r.get("msg")));
      }
      return new Forwarded(
          ((Number) r.get("errorCode")).intValue(),
          (String) r.get("sqlState"),
          (String) r.get("message"),
          ((Number) r.get("affectedRows")).longValue(),
          ((Number) r.get("journalId")).longValue());
    } catch (IOException e) {
      if (e.getCause() instanceof java.net.ConnectException) {
        throw new UnreachableMasterException(e.getCause());
      }
      throw SqlException.of(
          SqlError.UNKNOWN,
          "cannot forward the write to master "
              + m.nodeName()
              + " at "
              + m.host()
              + ":"
              + m.httpPort()
              + " ("
              + e.getMessage()
              + "); its outcome is unknown if the master"
              + " received it: check, then retry on the master or here once a master is elected");
    }
  }

  /**
   * The master to forward to: the one bdbje elected, once its {@code MasterInfo} record has been
   * replayed here. Refuses at once while no master is elected, rather than sending the write to one
   * that is gone or hung.
   */
  private MasterInfo currentMaster() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      String elected = electedMaster.get();
      MasterInfo m = catalog.current().master();
      if (elected != null && m != null && m.nodeName().equals(elected)) {
        return m;
      }
      if (elected == null || System.nanoTime() > deadline) {
        throw SqlException.of(
            SqlError.UNKNOWN,
            "no master is elected right now"
                + (elected == null
                    ? ""
                    : " (" + elected + " was elected but has not announced itself yet)")
                + ", so this write cannot be forwarded; retry in a few seconds, and check SHOW FRONTENDS");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SqlException.of(SqlError.UNKNOWN, "interrupted while waiting for a master");
      }
    }
  }

  @Override
  public Map<String, Object> forward(
      List<PeerHttpServer.ForwardedWrite> writes, String user, String from) {
    // A former master must not run what was meant for the current one, nor forward it again.
    ForwardedStatements statements = forwarded;
    Forwarded f =
        isMaster.getAsBoolean() && statements != null
            ? statements.execute(
                writes.stream().map(w -> new Forwarder.Write(w.sql(), w.db())).toList(), user, from)
            : new Forwarded(
                SqlError.UNKNOWN.code(),
                SqlError.UNKNOWN.sqlState(),
                "the FE the write was forwarded to" + " is no longer the master; retry",
                0,
                catalog.current().journalId());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("errorCode", f.errorCode());
    out.put("sqlState", f.sqlState());
    out.put("message", f.message());
    out.put("affectedRows", f.affectedRows());
    out.put("journalId", f.journalId());
    return out;
  }

  @Override
  public Map<String, Object> heartbeat(Map<String, Object> status) {
    Map<String, Object> copy = new LinkedHashMap<>(status);
    copy.put("receivedAt", System.currentTimeMillis());
    statuses.put(String.valueOf(status.get("name")), copy);
    PortsRecorder recorder = ports;
    if (recorder != null) {
      recorder.report(
          String.valueOf(status.get("name")),
          (int) number(status, "httpPort"),
          (int) number(status, "queryPort"),
          (int) number(status, "rpcPort"));
    }
    Map<String, Map<String, Object>> all = new LinkedHashMap<>(statuses);
    Map<String, Object> self = new LinkedHashMap<>(selfStatus.get());
    self.put("receivedAt", System.currentTimeMillis());
    all.put(selfName, self);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("masterJournalId", catalog.current().journalId());
    view.put("statuses", all);
    return view;
  }

  /**
   * The first heartbeat goes out at once: until it arrives, no other FE knows this FE's HTTP port.
   */
  private void sendHeartbeats() {
    while (running) {
      sendHeartbeat();
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void sendHeartbeat() {
    MasterInfo m = catalog.current().master();
    if (isMaster.getAsBoolean() || m == null || m.nodeName().equals(selfName)) {
      return;
    }
    try {
      Map<String, Object> view =
          post(m.host(), m.httpPort(), "/api/heartbeat", selfStatus.get(), Duration.ofSeconds(2));
      noteMasterPosition(((Number) view.getOrDefault("masterJournalId", 0)).longValue());
      Object received = view.get("statuses");
      if (received instanceof Map<?, ?> map) {
        // The master's answer includes its own status; "receivedAt" values are the master's clock.
        // Replaced entry by
        // entry, never emptied first, so that a reader meanwhile does not see every FE as unheard
        // of.
        Map<String, Map<String, Object>> cluster = (Map<String, Map<String, Object>>) map;
        statuses.putAll(cluster);
        statuses.keySet().retainAll(cluster.keySet());
      }
      lastError = "";
    } catch (IOException | RuntimeException e) {
      if (lastError.isEmpty()) {
        LOG.warn(
            "heartbeat to master {} at {}:{} failed: {}",
            m.nodeName(),
            m.host(),
            m.httpPort(),
            e.toString());
      }
      lastError = "heartbeat to master failed: " + e.getMessage();
    }
  }

  private void noteMasterPosition(long masterId) {
    long now = System.currentTimeMillis();
    lastContact = now;
    masterJournalId = masterId;
    if (catalog.current().journalId() >= masterId) {
      behindSince = 0;
    } else if (behindSince == 0) {
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
    long now = System.currentTimeMillis();
    long replayed = catalog.current().journalId();
    if (behindSince != 0 && replayed >= masterJournalId) {
      behindSince = 0;
    }
    if (now - lastContact > toleranceMillis) {
      return "this FE has not heard from the master for "
          + (now - lastContact) / 1000
          + " s (replayed journal id "
          + replayed
          + "), more than meta_delay_toleration_second; its metadata may be stale, so it refuses reads:"
          + " read from the master (SHOW FRONTENDS), or check this FE's network and fe.log";
    }
    if (behindSince != 0 && now - behindSince > toleranceMillis) {
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
    Map<String, Object> s = statuses.get(fe.name());
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
    long receivedAt = number(s, "receivedAt");
    boolean alive = System.currentTimeMillis() - receivedAt < ALIVE_MILLIS;
    return new FrontendStatus(
        alive,
        number(s, "replayedJournalId"),
        (int) number(s, "httpPort"),
        (int) number(s, "queryPort"),
        (int) number(s, "rpcPort"),
        receivedAt,
        alive ? number(s, "startTime") : 0,
        String.valueOf(s.getOrDefault("version", "")),
        alive ? "" : "no heartbeat for " + (System.currentTimeMillis() - receivedAt) / 1000 + " s",
        number(s, "imageJournalId"),
        number(s, "lastCheckpointTime"),
        String.valueOf(s.getOrDefault("checkpointError", "")));
  }

  /**
   * Asks every other FE in the frontend list, all at once, to write an image holding at least
   * {@code atLeast} (ALTER SYSTEM CREATE IMAGE ran here at that journal id). An FE the heartbeats
   * show dead is not asked.
   *
   * @param fallbackHttpPort this FE's own http_port, for an FE whose port is still unknown:
   *     StarRocks' FEs usually share one
   * @return one line per other FE, in frontend-list order: {@code name: image.N}, or {@code name:
   *     <why not>}
   */
  CompletableFuture<List<String>> requestCheckpoints(long atLeast, int fallbackHttpPort) {
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (Frontend fe : catalog.current().frontends()) {
      if (!fe.name().equals(selfName)) {
        answers.add(
            CompletableFuture.supplyAsync(
                () -> fe.name() + ": " + requestCheckpoint(fe, atLeast, fallbackHttpPort),
                checkpointRequests));
      }
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture<?>[]::new))
        .thenApply(done -> answers.stream().map(CompletableFuture::join).toList());
  }

  private String requestCheckpoint(Frontend fe, long atLeast, int fallbackHttpPort) {
    FrontendStatus status = status(fe);
    boolean heardFrom = status.lastHeartbeatMillis() > 0;
    if (heardFrom && !status.alive()) {
      return "not alive (" + status.errMsg() + "), no image requested";
    }
    int known = awaitHttpPort(fe);
    URI uri =
        URI.create(
            "http://"
                + fe.host()
                + ":"
                + (known != 0 ? known : fallbackHttpPort)
                + "/api/checkpoint");
    String notAlive = "not alive (" + (heardFrom ? "" : "no heartbeat yet; ");
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(CHECKPOINT_REQUEST_TIMEOUT)
              .header(PeerHttpServer.TOKEN_HEADER, token.get())
              .POST(
                  HttpRequest.BodyPublishers.ofByteArray(
                      json.writeValueAsBytes(
                          new PeerHttpServer.CheckpointRequest(
                              selfName, fe.name(), atLeast, CHECKPOINT_REPLAY_WAIT.toMillis()))))
              .build();
      PeerHttpServer.CheckpointReply reply =
          json.readValue(
              http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body(),
              PeerHttpServer.CheckpointReply.class);
      if (PeerHttpServer.CheckpointReply.WRONG_FE.equals(reply.status())) {
        return notAlive
            + (known == 0 ? "its HTTP port is unknown and " : "")
            + uri.getAuthority()
            + " answers as another FE: "
            + reply.msg()
            + ")";
      }
      if (reply.imageJournalId() == null) {
        return String.valueOf(reply.msg());
      }
      return "image."
          + reply.imageJournalId()
          + (reply.imageJournalId() >= atLeast
              ? ""
              : " (older than the journal id "
                  + atLeast
                  + " asked for: that FE runs an older MetaFE)");
    } catch (java.net.http.HttpConnectTimeoutException | java.net.ConnectException e) {
      return notAlive + "nothing answers at " + uri.getAuthority() + ")";
    } catch (java.net.http.HttpTimeoutException e) {
      return "no answer within "
          + CHECKPOINT_REQUEST_TIMEOUT.toSeconds()
          + " s from "
          + uri.getAuthority()
          + "; see that FE's fe.log";
    } catch (IOException e) {
      return "the request to " + uri.getAuthority() + " failed (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted before it answered";
    }
  }

  /**
   * The HTTP port to reach an FE at: the one it reported in its latest heartbeat, else the one the
   * metadata records; 0 when neither is known. An FE added moments ago has reported neither yet, so
   * this waits for its first heartbeat.
   */
  private int awaitHttpPort(Frontend fe) {
    long deadline = System.nanoTime() + PORT_WAIT.toNanos();
    while (true) {
      int reported = (int) number(statuses.getOrDefault(fe.name(), Map.of()), "httpPort");
      int recorded =
          catalog.current().frontend(fe.name()).map(Frontend::httpPort).getOrElse(fe.httpPort());
      if (reported != 0 || recorded != 0 || System.nanoTime() > deadline) {
        return reported != 0 ? reported : recorded;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  /** What the master has heard of every other FE's newest image, for journal trimming. */
  List<JournalTrimmer.Peer> imagePeers() {
    List<JournalTrimmer.Peer> out = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (Frontend fe : catalog.current().frontends()) {
      if (fe.name().equals(selfName)) {
        continue;
      }
      Map<String, Object> s = statuses.get(fe.name());
      out.add(
          s == null
              ? new JournalTrimmer.Peer(fe.name(), 0, -1)
              : new JournalTrimmer.Peer(
                  fe.name(), number(s, "imageJournalId"), now - number(s, "receivedAt")));
    }
    return out;
  }

  private static long number(Map<String, Object> s, String key) {
    Object v = s.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  /**
   * Posts a forwarded write and waits for the answer only while bdbje still names that FE master: a
   * master that hangs is replaced within seconds, and the client must hear so, not wait for a
   * timeout.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> postWhileMaster(MasterInfo m, Object body) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + m.host() + ":" + m.httpPort() + "/api/forward"))
            .timeout(FORWARD_TIMEOUT)
            .header(PeerHttpServer.TOKEN_HEADER, token.get())
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    while (true) {
      try {
        return json.readValue(
            answer.get(100, java.util.concurrent.TimeUnit.MILLISECONDS).body(), Map.class);
      } catch (java.util.concurrent.TimeoutException stillWaiting) {
        if (!m.nodeName().equals(electedMaster.get())) {
          answer.cancel(true);
          throw new IOException(
              "master " + m.nodeName() + " lost mastership while the write was in flight");
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException(e.getCause().toString(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> post(
      String host, int port, String path, Object body, Duration timeout) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
            .timeout(timeout)
            .header(PeerHttpServer.TOKEN_HEADER, token.get())
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return json.readValue(response.body(), Map.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    running = false;
    sender.interrupt();
    checkpointRequests.shutdown();
  }
}
