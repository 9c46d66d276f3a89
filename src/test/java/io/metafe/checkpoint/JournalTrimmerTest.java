package io.metafe.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.checkpoint.JournalTrimmer.Decision;
import io.metafe.checkpoint.JournalTrimmer.Peer;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How far the master may delete the journal, decided from what it knows of every FE's images. */
class JournalTrimmerTest {
  private static final long TOLERANCE = 300_000;

  @Test
  void theLowestImageOfALiveFeHoldsTheJournal() {
    Decision d =
        JournalTrimmer.decide(
            900,
            List.of(new Peer("a", 700, 1_000), new Peer("b", 800, 2_000)),
            1_000_000,
            TOLERANCE);
    assertThat(d.lastDeletable()).isEqualTo(700);
    assertThat(d.waitingFor()).isEqualTo("a");
    assertThat(d.ignored()).isEmpty();
  }

  @Test
  void aLiveFeWithoutAnImageKeepsEverything() {
    assertThat(
            JournalTrimmer.decide(900, List.of(new Peer("new", 0, 500)), 1_000_000, TOLERANCE)
                .lastDeletable())
        .isZero();
  }

  @Test
  void theOwnImageBoundsTheTrimWhenPeersAreAhead() {
    Decision d =
        JournalTrimmer.decide(500, List.of(new Peer("a", 700, 1_000)), 1_000_000, TOLERANCE);
    assertThat(d.lastDeletable()).isEqualTo(500);
    assertThat(d.waitingFor()).isNull();
  }

  @Test
  void aNewMasterWaitsForFesItHasNotHeardFromYet() {
    Decision d = JournalTrimmer.decide(900, List.of(new Peer("quiet", 0, -1)), 10_000, TOLERANCE);
    assertThat(d.lastDeletable()).isZero();
    assertThat(d.waitingFor()).isEqualTo("quiet");
  }

  @Test
  void aFeSilentLongerThanTheToleranceNoLongerHoldsTheJournal() {
    Decision d =
        JournalTrimmer.decide(
            900,
            List.of(
                new Peer("dead", 100, TOLERANCE + 1),
                new Peer("never", 0, -1),
                new Peer("live", 850, 10)),
            TOLERANCE + 5_000,
            TOLERANCE);
    assertThat(d.lastDeletable()).isEqualTo(850);
    assertThat(d.ignored()).containsExactly("dead", "never");
  }

  /** A master's journal of 20 entries, its own image at 15, and one FE it has never heard from. */
  private final MemoryJournal journal = new MemoryJournal();

  private final ManualClock clock = new ManualClock();
  private final AtomicBoolean master = new AtomicBoolean(true);

  private JournalTrimmer trimmerWithASilentPeer() {
    for (int i = 0; i < 20; i++) {
      journal.append(List.of(new byte[] {1}));
    }
    return new JournalTrimmer(
        master::get,
        () -> journal,
        () -> 15,
        () -> List.of(new Peer("silent", 0, -1)),
        () -> TOLERANCE,
        clock);
  }

  @Test
  void aSilentFeHoldsTheJournalUntilThisMasterHasWaitedTheWholeToleranceByTheClock() {
    JournalTrimmer trimmer = trimmerWithASilentPeer();
    trimmer.round();
    clock.advance(Duration.ofMillis(TOLERANCE));
    trimmer.round();
    assertThat(journal.firstId()).as("exactly the tolerance: still waited for").isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    trimmer.round();
    assertThat(journal.firstId()).as("trimmed through the own image").isEqualTo(16);
  }

  @Test
  void aMasterThatLostItsMastershipWaitsTheWholeToleranceAgain() {
    JournalTrimmer trimmer = trimmerWithASilentPeer();
    trimmer.round();
    clock.advance(Duration.ofMillis(TOLERANCE - 1_000));
    master.set(false);
    trimmer.round();
    master.set(true);
    trimmer.round();
    clock.advance(Duration.ofMillis(TOLERANCE));
    trimmer.round();
    assertThat(journal.firstId()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    trimmer.round();
    assertThat(journal.firstId()).isEqualTo(16);
  }
}
