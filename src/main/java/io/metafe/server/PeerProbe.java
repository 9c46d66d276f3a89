package io.metafe.server;

import io.metafe.journal.bdb.BdbOptions;
import io.metafe.journal.bdb.GroupProbe;
import io.metafe.peer.HealthResponse;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerCallException;
import io.metafe.peer.PeerClient;
import io.metafe.peer.Route;
import io.metafe.recovery.MetadataRecovery;
import io.metafe.recovery.PeerAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Probes every FE this meta_dir knows of, all at once, on its HTTP port ({@code /api/health}: its
 * FE type and cluster id) and on its edit_log_port (bdbje: the master it knows), each within {@link
 * #TIMEOUT}. The split-brain guard of a recovery decides on the answers. Used once per start.
 */
final class PeerProbe implements MetadataRecovery.PeerCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final List<KnownPeers.Peer> peers;
  private final PeerClient client;

  PeerProbe(KnownPeers known, PeerClient client) {
    this.peers = known.others();
    this.client = client;
  }

  @Override
  public int probed() {
    return peers.size();
  }

  @Override
  public List<PeerAnswer> probe() {
    List<CompletableFuture<PeerAnswer>> answers = new ArrayList<>();
    for (KnownPeers.Peer p : peers) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> probe(p),
              r -> {
                Thread t = new Thread(r, "peer-probe");
                t.setDaemon(true);
                t.start();
              }));
    }
    List<PeerAnswer> out = new ArrayList<>();
    for (CompletableFuture<PeerAnswer> a : answers) {
      out.add(a.join());
    }
    return out;
  }

  /**
   * Whether enough FOLLOWERs answer for an election to succeed now: a majority of the FOLLOWERs
   * this meta_dir knows, counting this FE when it is one. OBSERVERs do not vote.
   */
  boolean electionPossible(List<PeerAnswer> answers, boolean selfIsFollower) {
    int followers = selfIsFollower ? 1 : 0;
    int running = followers;
    for (int i = 0; i < peers.size(); i++) {
      if (peers.get(i).role() == io.metafe.records.FrontendRole.FOLLOWER) {
        followers++;
        running += answers.get(i).answered() ? 1 : 0;
      }
    }
    return running >= followers / 2 + 1;
  }

  private PeerAnswer probe(KnownPeers.Peer p) {
    CompletableFuture<GroupProbe.Answer> group =
        CompletableFuture.supplyAsync(
            () -> GroupProbe.askMaster(BdbOptions.GROUP_NAME, p.host(), p.editLogPort(), TIMEOUT),
            r -> {
              Thread t = new Thread(r, "peer-probe-bdbje");
              t.setDaemon(true);
              t.start();
            });
    String type = null;
    int clusterId = 0;
    String httpAddress = p.host() + ":" + p.httpPort();
    try {
      HealthResponse health =
          client.call(Route.HEALTH, new PeerAddress(p.host(), p.httpPort()), null, TIMEOUT);
      if (health.type() != null) {
        type = health.type();
        clusterId = health.clusterId();
      }
    } catch (PeerCallException e) {
      // no answer over HTTP: bdbje's may still tell
    }
    GroupProbe.Answer g = group.join();
    return new PeerAnswer(
        p.describe(),
        httpAddress,
        type,
        clusterId,
        p.host() + ":" + p.editLogPort(),
        g.answered(),
        g.reachable() && !g.answered(),
        g.masterName());
  }
}
