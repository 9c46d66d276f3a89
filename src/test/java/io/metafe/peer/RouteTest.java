package io.metafe.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The route table says, once per route, what each caller and the server rely on. */
class RouteTest {

  @Test
  void everyPathIsDeclaredOnce() {
    List<String> paths = Route.ALL.stream().map(Route::path).toList();
    assertThat(paths)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(
            "/role",
            "/version",
            "/api/health",
            "/api/checksum",
            "/info",
            "/image",
            "/journal_id",
            "/api/forward",
            "/api/heartbeat",
            "/api/checkpoint");
  }

  @Test
  void onlyTheMasterAnswersForwardsAndHeartbeats() {
    assertThat(Route.ALL.stream().filter(Route::masterOnly).toList())
        .containsExactlyInAnyOrder(Route.FORWARD, Route.HEARTBEAT);
  }

  @Test
  void forwardsNeverShareThePoolThatAnswersHeartbeats() {
    assertThat(Route.HEARTBEAT.lane()).isEqualTo(Route.Lane.PEERS);
    assertThat(Route.FORWARD.lane()).isEqualTo(Route.Lane.FORWARDS);
    assertThat(Route.CHECKPOINT.lane()).isEqualTo(Route.Lane.CHECKPOINTS);
    assertThat(Route.ALL.stream().filter(r -> r.lane() != Route.Lane.PEERS).toList())
        .containsExactlyInAnyOrder(Route.FORWARD, Route.CHECKPOINT);
  }

  @Test
  void whatRevealsOrChangesTheClusterNeedsTheTokenOrTheFeItself() {
    assertThat(Route.ALL.stream().filter(r -> r.access() == Route.Access.PEER).toList())
        .containsExactlyInAnyOrder(Route.FORWARD, Route.HEARTBEAT, Route.CHECKPOINT, Route.IMAGE);
    assertThat(Route.CHECKSUM.access()).isEqualTo(Route.Access.TOKEN_PARAM);
    assertThat(Route.VERSION.access()).isEqualTo(Route.Access.OWN_ENTRY);
    assertThat(Route.ALL.stream().filter(r -> r.method() == Route.Method.POST).toList())
        .allMatch(r -> r.access() == Route.Access.PEER);
  }

  @Test
  void aHeartbeatGivesUpBeforeTheNextOneIsDue() {
    assertThat(Route.HEARTBEAT.timeout()).isLessThanOrEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(Route.ALL)
        .allMatch(
            r ->
                !r.timeout().isNegative()
                    && !r.timeout().isZero()
                    && r.answerStatuses().contains(200));
  }
}
