package io.metafe.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.FeStatus;
import io.metafe.peer.HeartbeatResponse;
import io.metafe.peer.PeerClient;
import io.metafe.peer.Refusal;
import io.metafe.peer.ScriptedTransport;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendPorts;
import io.metafe.records.FrontendRole;
import io.metafe.records.MasterInfo;
import io.metafe.session.ClusterView.FrontendStatus;
import io.metafe.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats on a hand-driven clock: who is alive, and when a replica must stop serving reads. No
 * real time passes.
 */
class PeersTest {
  private static final Duration TOLERANCE = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private final CatalogHolder catalog =
      new CatalogHolder(
          Catalog.empty()
              .apply(1, new AddFrontend("m1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, 8030))
              .apply(2, new AddFrontend("fe2", FrontendRole.FOLLOWER, "127.0.0.2", 9010, 8030))
              .apply(3, new MasterInfo("m1", "127.0.0.1", 9010, 8030, 9020, 9030, 1)),
          io.metafe.time.Clock.system());

  /** What the master answers the next heartbeat with. */
  private final AtomicReference<CompletableFuture<PeerClient.Received>> next =
      new AtomicReference<>();

  private final ScriptedTransport transport = new ScriptedTransport(s -> next.get());

  private Peers peers(String self, boolean master) {
    return new Peers(
        catalog,
        self,
        () -> Map.of("name", self, "type", master ? "MASTER" : "FOLLOWER", "httpPort", 8030),
        () -> master,
        () -> "m1",
        TOLERANCE,
        new PortsRecorder(catalog, () -> null),
        new PeerClient(() -> "token", transport),
        clock,
        clock.millis());
  }

  private static FeStatus status(String name, long replayed) {
    return new FeStatus(name, "FOLLOWER", replayed, 9030, 9020, 8030, 1, "0.1.0", 0, 0, "", 0);
  }

  private static Frontend fe(Catalog c, String name) {
    return c.frontend(name).get();
  }

  @Test
  void anFeIsAliveWhileHeartbeatsArriveWithinThreeIntervals() {
    Peers master = peers("m1", true);
    master.heartbeat(status("fe2", 3));
    Frontend fe2 = fe(catalog.current(), "fe2");
    assertThat(master.status(fe2).alive()).isTrue();
    assertThat(master.status(fe2).replayedJournalId()).isEqualTo(3);

    clock.advance(Peers.ALIVE.minusMillis(1));
    assertThat(master.status(fe2).alive()).as("two heartbeats missed").isTrue();
    clock.advance(Duration.ofMillis(1));
    FrontendStatus dead = master.status(fe2);
    assertThat(dead.alive()).as("three intervals without a heartbeat").isFalse();
    assertThat(dead.errMsg()).isEqualTo("no heartbeat for 6 s");
    assertThat(dead.startTimeMillis()).isZero();

    master.heartbeat(status("fe2", 4));
    assertThat(master.status(fe2).alive()).as("heard from again").isTrue();
    assertThat(master.status(fe2).lastHeartbeatMillis()).isEqualTo(clock.wallMillis());
  }

  @Test
  void theMastersAnswerCarriesEveryFeAndItself() {
    Peers master = peers("m1", true);
    HeartbeatResponse view = master.heartbeat(status("fe2", 3));
    assertThat(view.masterJournalId()).isEqualTo(3);
    assertThat(view.statuses()).containsOnlyKeys("m1", "fe2");
    assertThat(view.statuses().get("m1").receivedAt()).isEqualTo(clock.wallMillis());
  }

  @Test
  void theJournalTrimmerSeesHowLongAgoEachFeReportedItsImage() {
    Peers master = peers("m1", true);
    master.heartbeat(status("fe2", 3));
    clock.advance(Duration.ofSeconds(4));
    assertThat(master.imagePeers())
        .containsExactly(new io.metafe.checkpoint.JournalTrimmer.Peer("fe2", 0, 4000));
  }

  @Test
  void aReplicaStopsServingReadsOnceTheMasterIsSilentLongerThanTheTolerance() {
    Peers replica = peers("fe2", false);
    next.set(transport.answer(200, new HeartbeatResponse(3, Map.of("m1", status("m1", 3)))));
    replica.sendHeartbeat();
    assertThat(replica.staleness()).isNull();

    next.set(ScriptedTransport.connectionRefused());
    clock.advance(TOLERANCE);
    replica.sendHeartbeat();
    assertThat(replica.staleness()).as("exactly the tolerance").isNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(replica.staleness())
        .startsWith("this FE has not heard from the master for 10 s (replayed journal id 3)");

    next.set(transport.answer(200, new HeartbeatResponse(3, Map.of("m1", status("m1", 3)))));
    replica.sendHeartbeat();
    assertThat(replica.staleness()).as("heard from again").isNull();
  }

  @Test
  void aReplicaThatStaysBehindTheMasterStopsServingReadsUntilItCatchesUp() {
    Peers replica = peers("fe2", false);
    next.set(transport.answer(200, new HeartbeatResponse(5, Map.of())));
    replica.sendHeartbeat();
    clock.advance(TOLERANCE);
    replica.sendHeartbeat();
    assertThat(replica.staleness()).as("behind, but within the tolerance").isNull();
    clock.advance(Duration.ofMillis(1));
    replica.sendHeartbeat();
    assertThat(replica.staleness())
        .startsWith(
            "this FE has been behind the master for 10 s (replayed journal id 3, master at 5)");

    Catalog c = catalog.current();
    c = c.apply(4, new FrontendPorts("fe2", 8030, 9030, 9020));
    catalog.publish(c.apply(5, new FrontendPorts("fe2", 8031, 9030, 9020)));
    assertThat(replica.staleness()).as("caught up").isNull();
  }

  @Test
  void aHeartbeatTheMasterRefusesIsNoContactAndSaysWhy() {
    Peers replica = peers("fe2", false);
    next.set(transport.answer(409, Refusal.of("this FE is not the master")));
    clock.advance(TOLERANCE.plusSeconds(1));
    replica.sendHeartbeat();
    assertThat(replica.staleness()).startsWith("this FE has not heard from the master for 11 s");
    assertThat(replica.status(fe(catalog.current(), "m1")).errMsg())
        .isEqualTo("heartbeat to master failed: this FE is not the master");
  }

  @Test
  void aReplicaShowsWhatTheMasterLastHeardOfEachFe() {
    Peers replica = peers("fe2", false);
    next.set(
        transport.answer(
            200,
            new HeartbeatResponse(
                3, Map.of("m1", status("m1", 3).receivedAt(clock.wallMillis())))));
    replica.sendHeartbeat();
    assertThat(replica.status(fe(catalog.current(), "m1")).alive()).isTrue();
    clock.advance(Peers.ALIVE);
    assertThat(replica.status(fe(catalog.current(), "m1")).alive()).isFalse();
    assertThat(transport.sent()).hasSize(1);
    assertThat(transport.sent().get(0).uri().toString())
        .isEqualTo("http://127.0.0.1:8030/api/heartbeat");
  }

  @Test
  void theMasterSendsNoHeartbeat() {
    peers("m1", true).sendHeartbeat();
    assertThat(transport.sent()).isEmpty();
  }
}
