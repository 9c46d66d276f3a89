package io.metafe.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MasterWatchTest {
  private static final long MS = 1_000_000L;

  @Test
  void aMasterSilentForTheWholeTimeoutIsDroppedOnceAndThenGivenTheTimeoutAgain() {
    MasterWatch.Tracker t = new MasterWatch.Tracker(Duration.ofMillis(1200));
    assertThat(t.observe("m1", true, 0)).isFalse();
    assertThat(t.observe("m1", false, 200 * MS)).isFalse();
    assertThat(t.observe("m1", false, 1199 * MS)).isFalse();
    assertThat(t.observe("m1", false, 1200 * MS)).isTrue();
    assertThat(t.observe("m1", false, 1400 * MS)).isFalse();
    assertThat(t.observe("m1", false, 2399 * MS)).isFalse();
    assertThat(t.observe("m1", false, 2400 * MS)).isTrue();
  }

  @Test
  void aMasterAQuorumKeepsReElectingIsDroppedLessAndLessOften() {
    MasterWatch.Tracker t = new MasterWatch.Tracker(Duration.ofMillis(100));
    t.observe("m1", false, 0);
    assertThat(t.observe("m1", false, 100 * MS)).isTrue();
    assertThat(t.dropsInARow()).isEqualTo(1);
    // bdbje forgets the master at the drop and the election names it again.
    assertThat(t.observe(null, false, 150 * MS)).isFalse();
    assertThat(t.observe("m1", false, 200 * MS)).isFalse();
    assertThat(t.observe("m1", false, 1099 * MS)).as("within the first hold-off").isFalse();
    assertThat(t.observe("m1", false, 1100 * MS)).isTrue();
    assertThat(t.observe("m1", false, 3099 * MS)).as("the hold-off doubled").isFalse();
    assertThat(t.observe("m1", false, 3100 * MS)).isTrue();
    assertThat(t.dropsInARow()).isEqualTo(3);
    long at = 3100;
    for (int drop = 4; drop <= 6; drop++) {
      long hold = MasterWatch.Tracker.holdAfter(drop - 1).toMillis();
      assertThat(t.observe("m1", false, (at + hold - 1) * MS)).isFalse();
      at += hold;
      assertThat(t.observe("m1", false, at * MS)).isTrue();
    }
    assertThat(MasterWatch.Tracker.holdAfter(6)).isEqualTo(MasterWatch.LONGEST_HOLD);
    assertThat(t.observe("m2", false, (at + 10) * MS))
        .as("another master: a fresh start")
        .isFalse();
    assertThat(t.observe("m2", false, (at + 110) * MS)).isTrue();
    assertThat(t.dropsInARow()).isEqualTo(1);
  }

  @Test
  void answersForTheLongestHoldForgiveTheDrops() {
    MasterWatch.Tracker t = new MasterWatch.Tracker(Duration.ofMillis(100));
    t.observe("m1", false, 0);
    assertThat(t.observe("m1", false, 100 * MS)).isTrue();
    assertThat(t.observe("m1", false, 1100 * MS)).isTrue();
    long calm = 1100 + MasterWatch.LONGEST_HOLD.toMillis();
    assertThat(t.observe("m1", true, (calm - 1) * MS)).isFalse();
    assertThat(t.dropsInARow()).as("answers, but not yet calm long enough").isEqualTo(2);
    assertThat(t.observe("m1", true, calm * MS)).isFalse();
    assertThat(t.observe("m1", false, (calm + 100) * MS)).as("no hold-off any more").isTrue();
    assertThat(t.dropsInARow()).isEqualTo(1);
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
    List<String> probed = java.util.Collections.synchronizedList(new ArrayList<>());
    long droppedAt =
        runUntilDropped(
            (node, timeout) -> {
              probed.add(node + "/" + timeout.toMillis());
              return CompletableFuture.completedFuture(false);
            });
    // The watch looks every 100 ms of manual time: the first look names m1 and starts the count,
    // the look 800 ms later drops it. A probe is sent at every other look before that (100, 300,
    // 500, 700 ms), each allowed half the timeout.
    assertThat(droppedAt).isEqualTo(900 * MS);
    assertThat(probed).hasSize(4).containsOnly("m1/400");
  }

  @Test
  void aProbeThatHangsOnAPausedMasterDoesNotDelayTheDrop() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    long droppedAt =
        runUntilDropped(
            (node, timeout) -> {
              probes.incrementAndGet();
              return new CompletableFuture<>();
            });
    assertThat(droppedAt).isEqualTo(900 * MS);
    assertThat(probes.get()).as("no second probe while the first is in flight").isEqualTo(1);
  }

  @Test
  void anAnswerArrivingBetweenLooksCountsAtTheNextLook() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    // Answers its first three probes (sent at 100, 300 and 500 ms), then falls silent: the count
    // starts at the look that saw the third answer (600 ms), so the drop comes at 1400 ms.
    long droppedAt =
        runUntilDropped(
            (node, timeout) -> CompletableFuture.completedFuture(probes.incrementAndGet() <= 3));
    assertThat(droppedAt).isEqualTo(1400 * MS);
  }

  /** Runs a watch of 800 ms on m1 until its first drop; returns the manual time of the drop. */
  private static long runUntilDropped(MasterWatch.Probe probe) throws InterruptedException {
    ManualClock clock = new ManualClock();
    AtomicReference<String> master = new AtomicReference<>("m1");
    AtomicInteger drops = new AtomicInteger();
    AtomicLong droppedAt = new AtomicLong(-1);
    MasterWatch watch =
        new MasterWatch(
            clock,
            master::get,
            probe,
            () -> {
              if (drops.incrementAndGet() == 1) {
                droppedAt.set(clock.nanos());
              }
              master.set(null);
              return true;
            },
            Duration.ofMillis(800));
    long start = clock.nanos();
    try (watch) {
      watch.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (drops.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    }
    assertThat(drops.get()).isEqualTo(1);
    return droppedAt.get() - start;
  }

  @Test
  void aZeroTimeoutLeavesFailureDetectionToBdbje() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    MasterWatch watch =
        new MasterWatch(
            new ManualClock(),
            () -> "m1",
            (node, timeout) -> CompletableFuture.completedFuture(probes.incrementAndGet() < 0),
            () -> true,
            Duration.ZERO);
    watch.start();
    Thread.sleep(50);
    watch.close();
    assertThat(probes.get()).isZero();
  }
}
