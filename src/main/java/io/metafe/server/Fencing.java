package io.metafe.server;

import io.metafe.metadir.MetaDir;
import io.metafe.peer.FrontendQuery;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerClient;
import io.metafe.peer.RoleResponse;
import io.metafe.peer.Route;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a restarting FE opens bdbje, asks the FEs its meta_dir knows of ({@link KnownPeers}: its
 * images, journal and bdbje group) what they record about it. An FE whose replication group was
 * reset by a recovery elsewhere, or that was dropped (and maybe added again under a new name), must
 * not touch the group: bdbje would add it to the membership even though its handshake fails, and
 * the recovered master could then lose its majority. Such an FE stops with one line saying how to
 * rejoin. FEs that do not answer prove nothing; the start goes on. Used once per start.
 */
final class Fencing {
  private static final Logger LOG = LoggerFactory.getLogger(Fencing.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final MetaDir.Stored stored;
  private final String host;
  private final int editLogPort;
  private final KnownPeers peers;
  private final java.nio.file.Path metaDir;
  private final int defaultHttpPort;
  private final PeerClient client;

  /**
   * @param defaultHttpPort this FE's http_port: a --helper naming a peer with the same one leaves
   *     it out
   */
  Fencing(
      MetaDir.Stored stored,
      java.nio.file.Path metaDir,
      String host,
      int editLogPort,
      int defaultHttpPort,
      KnownPeers peers,
      PeerClient client) {
    this.stored = stored;
    this.metaDir = metaDir;
    this.host = host;
    this.editLogPort = editLogPort;
    this.defaultHttpPort = defaultHttpPort;
    this.peers = peers;
    this.client = client;
  }

  /**
   * @throws StartupException if a live FE of this cluster says this FE's metadata is obsolete
   */
  void refuseIfFenced() {
    String self = stored.node().name();
    Map<KnownPeers.Peer, CompletableFuture<RoleResponse>> answers = new java.util.LinkedHashMap<>();
    for (KnownPeers.Peer fe : peers.others()) {
      answers.put(
          fe,
          client.send(
              Route.ROLE,
              new PeerAddress(fe.host(), fe.httpPort()),
              new FrontendQuery(host, editLogPort),
              TIMEOUT));
    }
    for (Map.Entry<KnownPeers.Peer, CompletableFuture<RoleResponse>> a : answers.entrySet()) {
      RoleResponse role;
      try {
        role = a.getValue().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException unreachable) {
        continue;
      }
      String asker = a.getKey().host() + ":" + a.getKey().httpPort();
      if (!"MASTER".equals(role.type())) {
        // Only the master's list is current; a lagging or stale peer may not know of recent
        // changes.
        continue;
      }
      // The master answering is the one to join: its edit_log_port is what --helper takes.
      String helper =
          a.getKey().host()
              + ":"
              + a.getKey().editLogPort()
              + (a.getKey().httpPort() == defaultHttpPort ? "" : ":" + a.getKey().httpPort());
      String rebuild =
          "back up and empty " + metaDir + ", then start this FE with --helper " + helper;
      String name = role.name();
      if (!role.listed()) {
        throw new StartupException(
            "this FE ("
                + self
                + ") was dropped from the cluster with ALTER SYSTEM DROP (the"
                + " master at "
                + asker
                + " no longer lists it), so its meta_dir is of no use any more. To bring it back:"
                + " run ALTER SYSTEM ADD FOLLOWER|OBSERVER \""
                + host
                + ":"
                + editLogPort
                + "\" on the master, "
                + rebuild);
      }
      if (Boolean.TRUE.equals(role.stale()) && self.equals(name)) {
        throw new StartupException(
            "this FE's metadata belongs to the replication group from before a metadata"
                + " failure recovery (master now: "
                + role.master()
                + ", as "
                + asker
                + " reports); it stops so as"
                + " not to disturb the recovered cluster. To rejoin: run ALTER SYSTEM DROP and ADD for "
                + host
                + ":"
                + editLogPort
                + " on the master, "
                + rebuild);
      }
      if (name != null && !self.equals(name)) {
        throw new StartupException(
            "this FE ("
                + self
                + ") was dropped and added again as "
                + name
                + " ("
                + asker
                + " reports), so its meta_dir is obsolete: "
                + rebuild);
      }
      LOG.debug("{} knows this FE as {}", asker, role);
    }
  }
}
