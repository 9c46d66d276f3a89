package io.metafe.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.checkpoint.JournalTrimmer.Decision;
import io.metafe.checkpoint.JournalTrimmer.Peer;
import java.util.List;
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
}
