package io.metafe.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void aQuarterShareRestsThreeTimesAsLongAsItWorked() {
    Pacer pacer = new Pacer(clock, 0.25);
    clock.advance(Duration.ofMillis(2));
    long before = clock.nanos();
    pacer.tick();
    assertThat(Duration.ofNanos(clock.nanos() - before)).isEqualTo(Duration.ofMillis(6));
    assertThat(pacer.paused()).isEqualTo(Duration.ofMillis(6));
  }

  @Test
  void workShorterThanASliceIsNotPausedFor() {
    Pacer pacer = new Pacer(clock, 0.25);
    clock.advance(Pacer.SLICE.dividedBy(2));
    pacer.tick();
    assertThat(pacer.paused()).isZero();
    // The next half slice completes it: the pause covers both.
    clock.advance(Pacer.SLICE.dividedBy(2));
    pacer.tick();
    assertThat(pacer.paused()).isEqualTo(Pacer.SLICE.multipliedBy(3));
  }

  @Test
  void theTimeOfAPauseIsNotCountedAsWork() {
    Pacer pacer = new Pacer(clock, 0.5);
    clock.advance(Duration.ofMillis(4));
    pacer.tick();
    pacer.tick();
    assertThat(pacer.paused()).isEqualTo(Duration.ofMillis(4));
  }

  @Test
  void aWholeCoreNeverPauses() {
    Pacer pacer = Pacer.unpaced(clock);
    clock.advance(Duration.ofSeconds(1));
    pacer.tick();
    assertThat(pacer.paused()).isZero();
  }

  @Test
  void anInterruptEndsThePausesAndStaysSetForTheCaller() {
    Pacer pacer = new Pacer(clock, 0.25);
    Thread.currentThread().interrupt();
    try {
      clock.advance(Duration.ofMillis(2));
      pacer.tick();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      clock.advance(Duration.ofMillis(2));
      pacer.tick();
      assertThat(pacer.paused()).isZero();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new Pacer(clock, 0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new Pacer(clock, 1.5)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new Pacer(clock, Double.NaN)).hasMessageContaining("(0, 1]");
  }
}
