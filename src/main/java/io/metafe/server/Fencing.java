package io.metafe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metafe.metadir.MetaDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a restarting FE opens bdbje, asks the FEs its meta_dir knows of ({@link KnownPeers}: its images, journal
 * and bdbje group) what they record about it. An FE whose
 * replication group was reset by a recovery elsewhere, or that was dropped (and maybe added again under a new
 * name), must not touch the group: bdbje would add it to the membership even though its handshake fails, and the
 * recovered master could then lose its majority. Such an FE stops with one line saying how to rejoin. FEs that do
 * not answer prove nothing; the start goes on. Used once per start.
 */
final class Fencing {
  private static final Logger LOG = LoggerFactory.getLogger(Fencing.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final MetaDir.Stored stored;
  private final String host;
  private final int editLogPort;
  private final KnownPeers peers;

  Fencing(MetaDir.Stored stored, String host, int editLogPort, KnownPeers peers) {
    this.stored = stored;
    this.host = host;
    this.editLogPort = editLogPort;
    this.peers = peers;
  }

  /** @throws StartupException if a live FE of this cluster says this FE's metadata is obsolete */
  @SuppressWarnings("unchecked")
  void refuseIfFenced() {
    String self = stored.node().name();
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    ObjectMapper json = new ObjectMapper();
    Map<KnownPeers.Peer, CompletableFuture<HttpResponse<byte[]>>> answers = new java.util.LinkedHashMap<>();
    for (KnownPeers.Peer fe : peers.others()) {
      answers.put(fe, http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + fe.host() + ":" + fe.httpPort()
          + "/role?host=" + host + "&port=" + editLogPort)).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (Map.Entry<KnownPeers.Peer, CompletableFuture<HttpResponse<byte[]>>> a : answers.entrySet()) {
      Map<String, Object> role;
      try {
        role = json.readValue(a.getValue().get().body(), Map.class);
      } catch (Exception unreachable) {
        continue;
      }
      String asker = a.getKey().host() + ":" + a.getKey().httpPort();
      if (!"MASTER".equals(role.get("type"))) {
        // Only the master's list is current; a lagging or stale peer may not know of recent changes.
        continue;
      }
      Object name = role.get("name");
      if ("UNKNOWN".equals(role.get("role"))) {
        throw new StartupException("this FE (" + self + ") is not in the frontend list of the master at " + asker
            + ": it was dropped with ALTER SYSTEM DROP. To bring it back, ADD it again on the master, empty its"
            + " meta_dir (after a backup) and start it with --helper <master host:edit_log_port>");
      }
      if (Boolean.TRUE.equals(role.get("stale")) && self.equals(name)) {
        throw new StartupException("this FE's metadata belongs to a replication group that was reset by metadata"
            + " failure recovery (master now: " + role.get("master") + ", as " + asker + " reports); it stops so as"
            + " not to disturb the recovered cluster. To rejoin: back up and empty meta_dir " + stored.node().name()
            + " uses, run ALTER SYSTEM DROP and ADD for " + host + ":" + editLogPort + " on the master, then start"
            + " with --helper <master host:edit_log_port>");
      }
      if (name != null && !self.equals(name)) {
        throw new StartupException("this FE (" + self + ") was dropped and added again as " + name + " (" + asker
            + " reports), so its meta_dir is obsolete: back it up, empty it, and start with --helper <master"
            + " host:edit_log_port>");
      }
      LOG.debug("{} knows this FE as {}", asker, role);
    }
  }
}
