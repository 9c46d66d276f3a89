package io.metafe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.server.StopOrder.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopOrderTest {
  private final StopOrder stops = new StopOrder();
  private final List<Step> stopped = new ArrayList<>();

  private void register(Step... steps) {
    for (Step s : steps) {
      stops.started(s, () -> stopped.add(s));
    }
  }

  @Test
  void aFullStopRunsTheFixedOrderWhateverTheOrderOfStarting() {
    // The order a start registers them in, roughly the reverse of the stop.
    register(
        Step.HTTP,
        Step.META_DIR_LOCK,
        Step.BDB,
        Step.JOURNAL,
        Step.ROLES,
        Step.CHECKPOINTER,
        Step.LAST_IMAGE,
        Step.PORTS,
        Step.PEERS,
        Step.MYSQL);

    stops.stop(true);

    assertThat(stopped)
        .containsExactly(
            Step.MYSQL,
            Step.CHECKPOINTER,
            Step.ROLES,
            Step.LAST_IMAGE,
            Step.PEERS,
            Step.PORTS,
            Step.HTTP,
            Step.JOURNAL,
            Step.BDB,
            Step.META_DIR_LOCK);
  }

  @Test
  void aStartThatFailedHalfwayStopsOnlyWhatItStarted() {
    // bdbje refused to open: the HTTP server and the meta_dir lock are all there is.
    register(Step.HTTP, Step.META_DIR_LOCK);

    stops.stop(false);

    assertThat(stopped).containsExactly(Step.HTTP, Step.META_DIR_LOCK);
  }

  @Test
  void theLastImageIsWrittenOnlyAtAGracefulStop() {
    register(Step.ROLES, Step.LAST_IMAGE, Step.PEERS);

    stops.stop(false);

    assertThat(stopped).containsExactly(Step.ROLES, Step.PEERS);
  }

  @Test
  void aSecondStopStopsNothingAgain() {
    register(Step.MYSQL, Step.BDB);
    stops.stop(true);
    stops.stop(true);

    assertThat(stopped).containsExactly(Step.MYSQL, Step.BDB);
  }

  @Test
  void servicesSeeTheStopBeforeTheFirstStepRuns() {
    List<Boolean> seen = new ArrayList<>();
    stops.started(Step.MYSQL, () -> seen.add(stops.stopping()));
    assertThat(stops.stopping()).isFalse();

    stops.stop(true);

    assertThat(seen).containsExactly(true);
    assertThat(stops.stopping()).isTrue();
  }

  @Test
  void aStepThatThrowsEndsTheStopAndLeavesTheRestForTheNextCall() {
    register(Step.MYSQL);
    stops.started(
        Step.ROLES,
        () -> {
          throw new IllegalStateException("stuck");
        });
    register(Step.BDB);

    assertThatThrownBy(() -> stops.stop(true)).hasMessage("stuck");
    assertThat(stopped).containsExactly(Step.MYSQL);

    stops.stop(true);
    assertThat(stopped).containsExactly(Step.MYSQL, Step.BDB);
  }
}
