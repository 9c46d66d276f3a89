package io.metafe.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The peer messages on the wire: each record survives a round trip, reads what older and newer FEs
 * send, and keeps the field names that tools and the --helper join of other FEs read.
 */
class PeerJsonTest {
  private final PeerJson json = new PeerJson();

  private static final FeStatus STATUS =
      new FeStatus(
          "fe2", "FOLLOWER", 41, 9030, 9020, 8030, 1_700_000_000_000L, "0.1.0", 40, 12, "", 0);

  private static List<Object> everyMessage() {
    return List.of(
        STATUS,
        new HeartbeatResponse(42, Map.of("fe2", STATUS.receivedAt(5), "fe1", STATUS)),
        ForwardRequest.of(
            List.of(
                new ForwardedWrite("INSERT INTO t VALUES (1)", "d"), new ForwardedWrite("x", null)),
            "root"),
        new ForwardResponse(0, "00000", "", 1, 43),
        ForwardResponse.queueFull(64, 1024),
        new CheckpointRequest("fe1", "fe2", 43, 30_000),
        CheckpointResponse.written(43),
        CheckpointResponse.failed("no"),
        CheckpointResponse.wrongFe("this is FE fe3, not fe2"),
        new FrontendQuery("127.0.0.1", 9010),
        new RoleResponse("FOLLOWER", "MASTER", "fe2", false, "fe1 at 127.0.0.1:9010"),
        RoleResponse.unknown("MASTER"),
        VersionResponse.forJoining(7, "secret"),
        VersionResponse.forMember(7, "secret"),
        InfoResponse.of(40, 7, 43),
        new HealthResponse("OK", "MASTER", 43, 1_700_000_000_000L, "0.1.0", 7),
        new JournalIdResponse(43),
        new ChecksumResponse(43, "abc"),
        new ImageRequest(40L),
        new ImageRequest(null),
        Refusal.of("this FE is not the master"));
  }

  @TestFactory
  Stream<DynamicTest> everyMessageRoundTrips() {
    return everyMessage().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.getClass().getSimpleName() + " " + m,
                    () -> assertThat(json.read(json.write(m), m.getClass())).isEqualTo(m)));
  }

  @Test
  void everyRouteRecordIsAmongTheMessagesTested() {
    List<Class<?>> tested = everyMessage().stream().<Class<?>>map(Object::getClass).toList();
    for (Route<?, ?> r : Route.ALL) {
      if (r.request() != Void.class) {
        assertThat(tested).as(r + " request").contains(r.request());
      }
      if (r.answer() != byte[].class) {
        assertThat(tested).as(r + " answer").contains(r.answer());
      }
    }
  }

  @Test
  void fieldsANewerFeSendsAreIgnored() throws Exception {
    FeStatus s =
        read(
            "{\"name\":\"fe2\",\"type\":\"FOLLOWER\",\"replayedJournalId\":41,\"cpuLoad\":0.5,"
                + "\"disks\":[{\"path\":\"/x\"}]}",
            FeStatus.class);
    assertThat(s.name()).isEqualTo("fe2");
    assertThat(s.replayedJournalId()).isEqualTo(41);
    assertThat(
            read("{\"role\":\"OBSERVER\",\"type\":\"MASTER\",\"zone\":\"a\"}", RoleResponse.class))
        .isEqualTo(new RoleResponse("OBSERVER", "MASTER", null, null, null));
    assertThat(
            read(
                "{\"errorCode\":0,\"sqlState\":\"00000\",\"message\":\"\",\"affectedRows\":2,"
                    + "\"journalId\":9,\"traceId\":\"t\"}",
                ForwardResponse.class))
        .isEqualTo(new ForwardResponse(0, "00000", "", 2, 9));
  }

  @Test
  void fieldsAnOlderFeLeavesOutReadAsZeroOrNull() throws Exception {
    // An FE from before images had no checkpoint fields in its status.
    FeStatus s = read("{\"name\":\"fe2\",\"httpPort\":8030}", FeStatus.class);
    assertThat(s.imageJournalId()).isZero();
    assertThat(s.checkpointError()).isNull();
    assertThat(s.receivedAt()).isZero();
    assertThat(read("{\"masterJournalId\":3}", HeartbeatResponse.class).statuses()).isEmpty();
  }

  @Test
  void anOlderFeForwardsOneWriteAsSqlAndDb() throws Exception {
    ForwardRequest r =
        read(
            "{\"sql\":\"INSERT INTO t VALUES (1)\",\"db\":\"d\",\"user\":\"root\"}",
            ForwardRequest.class);
    assertThat(r.statements()).containsExactly(new ForwardedWrite("INSERT INTO t VALUES (1)", "d"));
    assertThat(r.user()).isEqualTo("root");
  }

  @Test
  void aTransactionWithAnUnreadableStatementIsNotRunInPart() throws Exception {
    ForwardRequest r =
        read(
            "{\"writes\":[{\"sql\":\"INSERT INTO t VALUES (1)\"},{\"db\":\"d\"}]}",
            ForwardRequest.class);
    assertThat(r.statements()).isNull();
    assertThat(read("{}", ForwardRequest.class).statements()).isEmpty();
  }

  @Test
  void roleKeepsTheNamesStarRocksJoinReads() {
    assertThat(text(new RoleResponse("FOLLOWER", "MASTER", "fe2", false, "fe1 at 127.0.0.1:9010")))
        .isEqualTo(
            "{\"role\":\"FOLLOWER\",\"type\":\"MASTER\",\"name\":\"fe2\",\"stale\":false,"
                + "\"master\":\"fe1 at 127.0.0.1:9010\"}");
    assertThat(text(RoleResponse.unknown("FOLLOWER")))
        .isEqualTo("{\"role\":\"UNKNOWN\",\"type\":\"FOLLOWER\"}");
  }

  @Test
  void versionGivesTheTokenOnlyToAJoiningFe() {
    assertThat(text(VersionResponse.forJoining(7, "secret")))
        .isEqualTo("{\"clusterId\":7,\"token\":\"secret\"}");
    assertThat(text(VersionResponse.forMember(7, "secret")))
        .isEqualTo("{\"clusterId\":7,\"tokenSha256\":\"" + ClusterToken.sha256("secret") + "\"}");
    assertThat(VersionResponse.forMember(7, "secret").tokenDigest())
        .isEqualTo(VersionResponse.forJoining(7, "secret").tokenDigest());
  }

  @Test
  void infoKeepsTheNamesOlderToolsRead() {
    assertThat(text(InfoResponse.of(40, 7, 43)))
        .isEqualTo(
            "{\"imageJournalId\":40,\"imageSeq\":40,\"clusterID\":7,\"replayedJournalId\":43}");
  }

  @Test
  void healthHeartbeatAndForwardKeepTheirNames() {
    assertThat(text(new HealthResponse("OK", "MASTER", 43, 5, "0.1.0", 7)))
        .isEqualTo(
            "{\"status\":\"OK\",\"type\":\"MASTER\",\"replayedJournalId\":43,\"feStartTime\":5,"
                + "\"feVersion\":\"0.1.0\",\"clusterId\":7}");
    assertThat(text(STATUS))
        .isEqualTo(
            "{\"name\":\"fe2\",\"type\":\"FOLLOWER\",\"replayedJournalId\":41,\"queryPort\":9030,"
                + "\"rpcPort\":9020,\"httpPort\":8030,\"startTime\":1700000000000,"
                + "\"version\":\"0.1.0\",\"imageJournalId\":40,\"lastCheckpointTime\":12,"
                + "\"checkpointError\":\"\",\"receivedAt\":0}");
    assertThat(text(new HeartbeatResponse(42, Map.of())))
        .isEqualTo("{\"masterJournalId\":42,\"statuses\":{}}");
    assertThat(text(ForwardRequest.of(List.of(new ForwardedWrite("INSERT", null)), "root")))
        .isEqualTo("{\"writes\":[{\"sql\":\"INSERT\"}],\"user\":\"root\"}");
    assertThat(text(new ForwardResponse(0, "00000", "", 1, 43)))
        .isEqualTo(
            "{\"errorCode\":0,\"sqlState\":\"00000\",\"message\":\"\",\"affectedRows\":1,"
                + "\"journalId\":43}");
    assertThat(text(new CheckpointRequest("fe1", "fe2", 43, 30_000)))
        .isEqualTo("{\"from\":\"fe1\",\"to\":\"fe2\",\"atLeast\":43,\"replayWaitMillis\":30000}");
    assertThat(text(CheckpointResponse.written(43))).isEqualTo("{\"imageJournalId\":43}");
    assertThat(text(Refusal.of("no"))).isEqualTo("{\"status\":\"FAILED\",\"msg\":\"no\"}");
  }

  @Test
  void getRequestsTravelAsTheQueryString() {
    Map<String, String> q = json.toQuery(new FrontendQuery("127.0.0.1", 9010));
    assertThat(PeerJson.queryString(q)).isEqualTo("host=127.0.0.1&port=9010");
    assertThat(
            json.fromQuery(
                PeerJson.parseQuery("port=9010&host=127.0.0.1&x=1"), FrontendQuery.class))
        .isEqualTo(new FrontendQuery("127.0.0.1", 9010));
    assertThat(json.toQuery(new ImageRequest(null))).isEmpty();
    assertThat(json.fromQuery(Map.of(), ImageRequest.class)).isEqualTo(new ImageRequest(null));
    assertThatThrownBy(() -> json.fromQuery(Map.of("version", "x"), ImageRequest.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad query");
  }

  @Test
  void anUnreadableBodySaysWhatWasExpectedAndWhatCame() {
    assertThatThrownBy(() -> read("<html>502</html>", HeartbeatResponse.class))
        .hasMessageContaining("cannot read HeartbeatResponse from '<html>502</html>'");
  }

  private <T> T read(String text, Class<T> type) throws Exception {
    return json.read(text.getBytes(StandardCharsets.UTF_8), type);
  }

  private String text(Object message) {
    return new String(json.write(message), StandardCharsets.UTF_8);
  }
}
