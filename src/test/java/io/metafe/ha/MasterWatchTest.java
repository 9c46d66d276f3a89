package io.metafe.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MasterWatchTest {
  private static final long MS = 1_000_000L;

  @Test
  void aMasterSilentForTheWholeTimeoutIsDroppedOnceAndThenGivenTheTimeoutAgain() {
    MasterWatch.Tracker t = new MasterWatch.Tracker(Duration.ofMillis(800));
    assertThat(t.observe("m1", true, 0)).isFalse();
    assertThat(t.observe("m1", false, 200 * MS)).isFalse();
    assertThat(t.observe("m1", false, 799 * MS)).isFalse();
    assertThat(t.observe("m1", false, 800 * MS)).isTrue();
    assertThat(t.observe("m1", false, 1000 * MS)).isFalse();
    assertThat(t.observe("m1", false, 1599 * MS)).isFalse();
    assertThat(t.observe("m1", false, 1600 * MS)).isTrue();
  }

  @Test
  void anAnswerAndANewlyNamedMasterEachRestartTheTimeout() {
    MasterWatch.Tracker t = new MasterWatch.Tracker(Duration.ofMillis(800));
    t.observe("m1", true, 0);
    t.observe("m1", false, 600 * MS);
    assertThat(t.observe("m1", true, 700 * MS)).isFalse();
    assertThat(t.observe("m1", false, 1400 * MS)).isFalse();
    assertThat(t.observe("m2", false, 1500 * MS)).as("m2 was just elected").isFalse();
    assertThat(t.observe("m2", false, 2299 * MS)).isFalse();
    assertThat(t.observe("m2", false, 2300 * MS)).isTrue();
  }

  @Test
  void noMasterMeansNothingToDoubt() {
    MasterWatch.Tracker t = new MasterWatch.Tracker(Duration.ofMillis(800));
    t.observe("m1", false, 0);
    assertThat(t.observe(null, false, 10_000 * MS)).isFalse();
    assertThat(t.observe("m1", false, 10_100 * MS)).as("named again: a fresh timeout").isFalse();
  }

  @Test
  void theWatchProbesTheNamedMasterAndDropsTheConnectionAfterTheTimeoutOnAManualClock()
      throws Exception {
    ManualClock clock = new ManualClock();
    AtomicReference<String> master = new AtomicReference<>("m1");
    List<String> probed = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger drops = new AtomicInteger();
    MasterWatch watch =
        new MasterWatch(
            clock,
            master::get,
            (node, timeout) -> {
              probed.add(node + "/" + timeout.toMillis());
              return false;
            },
            () -> {
              drops.incrementAndGet();
              master.set(null);
              return true;
            },
            Duration.ofMillis(800));
    try (watch) {
      watch.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (drops.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    }
    assertThat(drops.get()).isEqualTo(1);
    // Probes every 200 ms of manual time; the first silent probe starts the count, the drop comes
    // at the fifth (800 ms later); each probe may take at most half the timeout.
    assertThat(probed).startsWith("m1/400", "m1/400", "m1/400", "m1/400", "m1/400");
    assertThat(probed.stream().filter(p -> p.startsWith("m1")).count()).isEqualTo(5);
  }

  @Test
  void aZeroTimeoutLeavesFailureDetectionToBdbje() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    MasterWatch watch =
        new MasterWatch(
            new ManualClock(),
            () -> "m1",
            (node, timeout) -> probes.incrementAndGet() < 0,
            () -> true,
            Duration.ZERO);
    watch.start();
    Thread.sleep(50);
    watch.close();
    assertThat(probes.get()).isZero();
  }
}
