package io.metafe.server;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Frontend;
import io.metafe.peer.PeerClient;
import io.metafe.records.FrontendRole;
import io.metafe.recovery.PeerAnswer;
import java.util.ArrayList;
import java.util.List;

/**
 * Says, for an FE that started without a master (the whole cluster was stopped and is coming back
 * one FE at a time), what it waits for: how many FOLLOWERs an election needs, and which of the
 * others answer. Stateless.
 */
final class QuorumWait {
  private QuorumWait() {}

  /**
   * @param defaultHttpPort used for an FE whose HTTP port the metadata never recorded
   */
  static String describe(Catalog catalog, String selfName, int defaultHttpPort, PeerClient client) {
    List<Frontend> followers =
        catalog
            .frontends()
            .filter(fe -> fe.role() == FrontendRole.FOLLOWER && !fe.stale())
            .toJavaList();
    if (followers.isEmpty()) {
      return "no FOLLOWER is listed in this FE's metadata yet";
    }
    int needed = followers.size() / 2 + 1;
    List<KnownPeers.Peer> others = new ArrayList<>();
    for (Frontend fe : followers) {
      if (!fe.name().equals(selfName)) {
        others.add(
            new KnownPeers.Peer(
                fe.name(),
                fe.host(),
                fe.editLogPort(),
                fe.httpPort() != 0 ? fe.httpPort() : defaultHttpPort,
                fe.role(),
                List.of("metadata")));
      }
    }
    List<PeerAnswer> answers = new PeerProbe(KnownPeers.of(others), client).probe();
    int running = followers.size() - others.size();
    List<String> described = new ArrayList<>();
    for (int i = 0; i < others.size(); i++) {
      boolean up = answers.get(i).answered();
      running += up ? 1 : 0;
      described.add(
          others.get(i).name()
              + " at "
              + others.get(i).host()
              + ":"
              + others.get(i).editLogPort()
              + (up ? " (running)" : " (not answering)"));
    }
    return "waiting for a quorum: a master needs "
        + needed
        + " of the "
        + followers.size()
        + " FOLLOWERs and "
        + running
        + " run"
        + (described.isEmpty() ? "" : "; the other FOLLOWERs: " + String.join(", ", described))
        + ". Start the missing ones with bin/start_fe.sh; a master is elected as soon as "
        + needed
        + " run";
  }
}
