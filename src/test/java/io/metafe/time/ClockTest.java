package io.metafe.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClockTest {
  @Test
  void aManualClockMovesOnlyWhenAdvancedOrSleptAndWallTimeFollows() throws Exception {
    ManualClock clock = new ManualClock(1_000L);
    assertThat(clock.nanos()).isZero();
    clock.sleep(Duration.ofSeconds(30));
    assertThat(clock.millis()).isEqualTo(30_000L);
    assertThat(clock.wallMillis()).isEqualTo(31_000L);
    clock.advance(Duration.ofMillis(5));
    assertThat(clock.millis()).isEqualTo(30_005L);
  }

  @Test
  void aManualSleepHonoursAnInterruptLikeARealOne() {
    ManualClock clock = new ManualClock();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class);
    assertThat(clock.nanos()).isZero();
  }

  @Test
  void theSystemClockSleepsAtLeastAsLongAsAsked() throws Exception {
    Clock clock = Clock.system();
    long start = clock.nanos();
    clock.sleep(Duration.ofMillis(20));
    assertThat(clock.nanos() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
  }

  @Test
  void wallTimeIsWallMillisAsAnInstantFinerOnTheSystemClock() {
    ManualClock manual = new ManualClock(1_000L);
    manual.advance(Duration.ofNanos(2_500_000));
    assertThat(manual.wallTime().toEpochMilli()).isEqualTo(manual.wallMillis()).isEqualTo(1_002L);

    Clock system = Clock.system();
    long before = system.wallMillis();
    long at = system.wallTime().toEpochMilli();
    assertThat(at).isBetween(before, system.wallMillis());
  }
}
