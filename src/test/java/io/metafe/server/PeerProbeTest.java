package io.metafe.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.peer.PeerClient;
import io.metafe.records.FrontendRole;
import io.metafe.recovery.PeerAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether an election can succeed, from who answered; OBSERVERs do not count. */
class PeerProbeTest {
  private static KnownPeers.Peer peer(String name, FrontendRole role) {
    return new KnownPeers.Peer(name, "127.0.0.1", 9010, 8030, role, List.of("journal"));
  }

  private static PeerAnswer answer(boolean up) {
    return new PeerAnswer(
        "x",
        "127.0.0.1:8030",
        up ? "UNKNOWN" : null,
        up ? 1 : 0,
        "127.0.0.1:9010",
        up,
        false,
        null);
  }

  private final PeerProbe probe =
      new PeerProbe(
          KnownPeers.of(
              List.of(
                  peer("f2", FrontendRole.FOLLOWER),
                  peer("f3", FrontendRole.FOLLOWER),
                  peer("o", FrontendRole.OBSERVER))),
          new PeerClient(() -> ""));

  @Test
  void aFollowerAloneOrWithOnlyTheObserverCannotBeElected() {
    assertThat(probe.electionPossible(List.of(answer(false), answer(false), answer(true)), true))
        .isFalse();
  }

  @Test
  void aSecondFollowerMakesTheMajority() {
    assertThat(probe.electionPossible(List.of(answer(false), answer(true), answer(false)), true))
        .isTrue();
  }

  @Test
  void anObserverNeedsTwoOfTheThreeFollowersElsewhere() {
    PeerProbe fromObserver =
        new PeerProbe(
            KnownPeers.of(
                List.of(
                    peer("f1", FrontendRole.FOLLOWER),
                    peer("f2", FrontendRole.FOLLOWER),
                    peer("f3", FrontendRole.FOLLOWER))),
            new PeerClient(() -> ""));
    assertThat(
            fromObserver.electionPossible(
                List.of(answer(true), answer(false), answer(false)), false))
        .isFalse();
    assertThat(
            fromObserver.electionPossible(
                List.of(answer(true), answer(true), answer(false)), false))
        .isTrue();
  }
}
