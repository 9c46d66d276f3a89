package io.metafe.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the client sends for each kind of route, and how it reports what came back. */
class PeerClientTest {
  private static final PeerAddress FE2 = new PeerAddress("127.0.0.2", 8030);

  private static PeerClient client(
      ScriptedTransport[] holder,
      Function<PeerClient.Sending, CompletableFuture<PeerClient.Received>> script) {
    holder[0] = new ScriptedTransport(script);
    return new PeerClient(() -> "the-token", holder[0]);
  }

  @Test
  void theTokenGoesOnlyToRoutesThatNeedIt() throws Exception {
    ScriptedTransport[] t = new ScriptedTransport[1];
    PeerClient c =
        client(
            t,
            s ->
                s.uri().getPath().equals("/role")
                    ? t[0].answer(200, RoleResponse.unknown("MASTER"))
                    : s.uri().getPath().equals("/api/checksum")
                        ? t[0].answer(200, new ChecksumResponse(1, "d"))
                        : t[0].answer(200, new HeartbeatResponse(1, java.util.Map.of())));
    c.call(Route.ROLE, FE2, new FrontendQuery("127.0.0.3", 9010));
    c.call(Route.CHECKSUM, FE2, null);
    c.call(Route.HEARTBEAT, FE2, new FeStatus("fe3", "FOLLOWER", 1, 0, 0, 0, 0, "", 0, 0, "", 0));
    PeerClient.Sending role = t[0].sent().get(0);
    assertThat(role.method()).isEqualTo(Route.Method.GET);
    assertThat(role.uri().toString())
        .isEqualTo("http://127.0.0.2:8030/role?host=127.0.0.3&port=9010");
    assertThat(role.headers()).doesNotContainKey(ClusterToken.HEADER);
    assertThat(t[0].sent().get(1).uri().getQuery()).isEqualTo("token=the-token");
    PeerClient.Sending heartbeat = t[0].sent().get(2);
    assertThat(heartbeat.method()).isEqualTo(Route.Method.POST);
    assertThat(heartbeat.headers()).containsEntry(ClusterToken.HEADER, "the-token");
    assertThat(new String(heartbeat.body(), StandardCharsets.UTF_8))
        .startsWith("{\"name\":\"fe3\"");
    assertThat(heartbeat.timeout()).isEqualTo(Route.HEARTBEAT.timeout());
  }

  @Test
  void aRefusalComesBackWithTheFesReasonAndStatus() {
    ScriptedTransport[] t = new ScriptedTransport[1];
    PeerClient c = client(t, s -> t[0].answer(409, Refusal.of("this FE is not the master")));
    assertThatThrownBy(() -> c.call(Route.HEARTBEAT, FE2, null))
        .isInstanceOfSatisfying(
            PeerCallException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(PeerCallException.Failure.REFUSED);
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.getMessage()).isEqualTo("this FE is not the master");
              assertThat(e.reachedNobody()).isFalse();
            });
  }

  @Test
  void aRouteWhoseAnswerCarriesItsOwnRefusalDecodesIt() throws Exception {
    ScriptedTransport[] t = new ScriptedTransport[1];
    PeerClient c = client(t, s -> t[0].answer(503, ForwardResponse.queueFull(64, 1024)));
    ForwardResponse r = c.call(Route.FORWARD, FE2, ForwardRequest.of(java.util.List.of(), "root"));
    assertThat(r.errorCode()).isEqualTo(1105);
    assertThat(r.message()).contains("nothing was run");
  }

  @Test
  void aCallThatGotNoAnswerSaysHowFarItGot() {
    assertFailure(
        ScriptedTransport.connectionRefused(),
        PeerCallException.Failure.NOTHING_LISTENS,
        "nothing answers at 127.0.0.2:8030 (connection refused)");
    assertFailure(
        ScriptedTransport.failed(new HttpConnectTimeoutException("connect timed out")),
        PeerCallException.Failure.CONNECT_TIMEOUT,
        "127.0.0.2:8030 accepts no connection within 2 s");
    assertFailure(
        ScriptedTransport.failed(new HttpTimeoutException("request timed out")),
        PeerCallException.Failure.NO_ANSWER,
        "no answer from 127.0.0.2:8030 within 5 s");
    assertFailure(
        ScriptedTransport.raw(200, "<html>"),
        PeerCallException.Failure.BROKEN,
        "GET /info: cannot read InfoResponse from '<html>'");
    assertFailure(
        ScriptedTransport.raw(502, "Bad Gateway"),
        PeerCallException.Failure.REFUSED,
        "HTTP 502: Bad Gateway");
  }

  @Test
  void onlyARefusedConnectionProvesTheRequestReachedNobody() {
    ScriptedTransport[] t = new ScriptedTransport[1];
    PeerClient c = client(t, s -> ScriptedTransport.connectionRefused());
    assertThatThrownBy(() -> c.call(Route.INFO, FE2, null))
        .isInstanceOfSatisfying(
            PeerCallException.class, e -> assertThat(e.reachedNobody()).isTrue());
  }

  private static void assertFailure(
      CompletableFuture<PeerClient.Received> answer,
      PeerCallException.Failure failure,
      String message) {
    ScriptedTransport[] t = new ScriptedTransport[1];
    PeerClient c = client(t, s -> answer);
    assertThatThrownBy(() -> c.call(Route.INFO, FE2, null))
        .isInstanceOfSatisfying(
            PeerCallException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(failure);
              assertThat(e.getMessage()).startsWith(message);
            });
  }
}
