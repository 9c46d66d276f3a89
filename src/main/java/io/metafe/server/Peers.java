package io.metafe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metafe.catalog.Frontend;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How FEs talk to the master over HTTP: non-masters forward writes and send a heartbeat every {@link #INTERVAL};
 * the master runs forwarded writes, records heartbeats, and answers each with the whole cluster's status, so every
 * FE can show live values in SHOW FRONTENDS. An FE is alive while heartbeats arrive within three intervals.
 * Thread-safe.
 */
final class Peers implements Forwarder, PeerHttpServer.MasterHandlers, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Peers.class);
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final long ALIVE_MILLIS = INTERVAL.toMillis() * 3;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final CatalogHolder catalog;
  private final String selfName;
  private final Supplier<String> token;
  private final Supplier<Map<String, Object>> selfStatus;
  private final BooleanSupplier isMaster;
  private final Map<String, Map<String, Object>> statuses = new ConcurrentHashMap<>();
  private final Thread sender;
  private volatile ForwardedStatements forwarded;
  private volatile boolean running = true;
  private volatile String lastError = "";

  Peers(CatalogHolder catalog, String selfName, Supplier<String> token, Supplier<Map<String, Object>> selfStatus,
      BooleanSupplier isMaster) {
    this.catalog = catalog;
    this.selfName = selfName;
    this.token = token;
    this.selfStatus = selfStatus;
    this.isMaster = isMaster;
    this.sender = new Thread(this::sendHeartbeats, "heartbeat");
    this.sender.setDaemon(true);
  }

  void start(ForwardedStatements statements) {
    this.forwarded = statements;
    sender.start();
  }

  @Override
  public Forwarded forward(String sql, String database, String user) {
    MasterInfo m = catalog.current().master();
    if (m == null) {
      throw SqlException.of(SqlError.UNKNOWN, "no master is known yet, so this write cannot be forwarded; retry"
          + " once SHOW FRONTENDS shows a master");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sql", sql);
    body.put("db", database);
    body.put("user", user);
    try {
      Map<String, Object> r = post(m.host(), m.httpPort(), "/api/forward", body, Duration.ofMinutes(5));
      if (!r.containsKey("errorCode")) {
        throw new IOException(String.valueOf(r.get("msg")));
      }
      return new Forwarded(((Number) r.get("errorCode")).intValue(), (String) r.get("sqlState"),
          (String) r.get("message"), ((Number) r.get("affectedRows")).longValue(),
          ((Number) r.get("journalId")).longValue());
    } catch (IOException e) {
      throw SqlException.of(SqlError.UNKNOWN, "cannot forward the write to master " + m.nodeName() + " at "
          + m.host() + ":" + m.httpPort() + " (" + e.getMessage() + "); its outcome is unknown if the master"
          + " received it: check, then retry on the master or here once a master is elected");
    }
  }

  @Override
  public Map<String, Object> forward(String sql, String database, String user, String from) {
    // A former master must not run what was meant for the current one, nor forward it again.
    Forwarded f = isMaster.getAsBoolean() ? forwarded.execute(sql, database, user, from)
        : new Forwarded(SqlError.UNKNOWN.code(), SqlError.UNKNOWN.sqlState(), "the FE the write was forwarded to"
            + " is no longer the master; retry", 0, catalog.current().journalId());
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
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("masterJournalId", catalog.current().journalId());
    view.put("statuses", Map.copyOf(statuses));
    return view;
  }

  @SuppressWarnings("unchecked")
  private void sendHeartbeats() {
    while (running) {
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      MasterInfo m = catalog.current().master();
      if (isMaster.getAsBoolean() || m == null || m.nodeName().equals(selfName)) {
        continue;
      }
      try {
        Map<String, Object> view = post(m.host(), m.httpPort(), "/api/heartbeat", selfStatus.get(),
            Duration.ofSeconds(2));
        Object received = view.get("statuses");
        if (received instanceof Map<?, ?> map) {
          statuses.clear();
          ((Map<String, Map<String, Object>>) map).forEach(statuses::put);
          Map<String, Object> master = new LinkedHashMap<>();
          master.put("alive", true);
          master.put("replayedJournalId", view.get("masterJournalId"));
          master.put("receivedAt", System.currentTimeMillis());
          statuses.put(m.nodeName(), master);
        }
        lastError = "";
      } catch (IOException | RuntimeException e) {
        if (lastError.isEmpty()) {
          LOG.warn("heartbeat to master {} at {}:{} failed: {}", m.nodeName(), m.host(), m.httpPort(), e.toString());
        }
        lastError = "heartbeat to master failed: " + e.getMessage();
      }
    }
  }

  /** What this FE knows of another FE's status. */
  FrontendStatus status(Frontend fe) {
    Map<String, Object> s = statuses.get(fe.name());
    if (s == null) {
      return new FrontendStatus(false, 0, 0, 0, 0, 0, "", lastError.isEmpty() ? "no heartbeat yet" : lastError);
    }
    long receivedAt = number(s, "receivedAt");
    boolean alive = System.currentTimeMillis() - receivedAt < ALIVE_MILLIS;
    return new FrontendStatus(alive, number(s, "replayedJournalId"), (int) number(s, "queryPort"),
        (int) number(s, "rpcPort"), receivedAt, alive ? number(s, "startTime") : 0,
        String.valueOf(s.getOrDefault("version", "")), alive ? "" : "no heartbeat for "
            + (System.currentTimeMillis() - receivedAt) / 1000 + " s");
  }

  private static long number(Map<String, Object> s, String key) {
    Object v = s.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> post(String host, int port, String path, Object body, Duration timeout)
      throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
        .timeout(timeout).header(PeerHttpServer.TOKEN_HEADER, token.get())
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
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
  }
}
