package io.metafe.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.CatalogDigest;
import io.metafe.catalog.CatalogReplayTest;
import io.metafe.edit.CatalogHolder;
import io.metafe.image.ImageReader;
import io.metafe.image.ImageStore;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import io.metafe.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on an in-memory journal: cadence by entries and by time, retention, flushing first,
 * on demand at a peer's journal id, at shutdown, and failure. Rounds of the time trigger run by
 * hand against a {@link ManualClock} the test advances.
 */
class CheckpointerTest {
  @TempDir Path dir;

  private final List<JournalRecord> history = CatalogReplayTest.history(5, 300);
  private final CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
  private final MemoryJournal journal = new MemoryJournal();
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final AtomicLong intervalSeconds = new AtomicLong(600);

  /**
   * A checkpointer whose entry trigger never fires, so that only the time trigger and explicit
   * calls write.
   */
  private Checkpointer timed(ImageStore store) {
    return new Checkpointer(
        store, holder, () -> journal, 9, () -> 1_000_000, intervalSeconds::get, () -> 2, clock);
  }

  private void advanceSeconds(long seconds) {
    clock.advance(Duration.ofSeconds(seconds));
  }

  private void replayTo(int n) {
    Catalog c = holder.current();
    for (int id = (int) c.journalId() + 1; id <= n; id++) {
      journal.append(List.of(RecordCodec.encode(history.get(id - 1))));
      c = c.apply(id, history.get(id - 1));
    }
    holder.publish(c);
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void noImageHoldsEntriesBeyondTheConfirmedLimitNeitherOnTheTimerNorOnDemand() throws Exception {
    ImageStore store = new ImageStore(dir);
    AtomicLong confirmed = new AtomicLong(10);
    try (Checkpointer cp = timed(store)) {
      cp.imageLimit(confirmed::get);
      replayTo(12);
      advanceSeconds(601);
      cp.round();
      assertThat(store.ids()).as("entries 11 and 12 may still be rolled back").isEmpty();
      assertThatThrownBy(() -> cp.checkpoint("on demand"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("journal ids 11..12 are not yet confirmed");
      assertThat(cp.lastError()).as("waiting for confirmation is not a failure").isEmpty();

      confirmed.set(12);
      cp.round();
      assertThat(store.ids()).containsExactly(12L);
    }
  }

  @Test
  void imagesFollowTheRollNumberWhichCanChangeWhileRunning() throws Exception {
    AtomicLong every = new AtomicLong(100);
    ImageStore store = new ImageStore(dir);
    List<Long> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Checkpointer cp =
        new Checkpointer(
            store, holder, () -> journal, 9, every::get, () -> 0, () -> 2, Clock.system())) {
      cp.onImage(announced::add);
      cp.start();
      replayTo(99);
      Thread.sleep(1_200);
      assertThat(store.ids()).isEmpty();
      replayTo(120);
      await(() -> cp.newestId() == 120);
      every.set(10);
      replayTo(135);
      await(() -> cp.newestId() == 135);
      replayTo(150);
      await(() -> cp.newestId() == 150);
      assertThat(store.ids()).containsExactly(150L, 135L);
      assertThat(announced).containsExactly(120L, 135L, 150L);
      assertThat(journal.flushCount()).isEqualTo(3);
      assertThat(cp.lastCheckpointMillis()).isPositive();
    }
    ImageReader.Loaded loaded = ImageReader.read(store.file(150));
    assertThat(CatalogDigest.of(loaded.catalog())).isEqualTo(CatalogDigest.of(holder.current()));
  }

  @Test
  void onDemandCheckpointWritesTheCurrentCatalogOnce() {
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      assertThat(cp.checkpoint("nothing yet")).isZero();
      replayTo(40);
      assertThat(cp.checkpoint("test")).isEqualTo(40);
      assertThat(cp.checkpoint("again")).isEqualTo(40);
      assertThat(journal.flushCount()).isEqualTo(1);
    }
  }

  @Test
  void aFailedCheckpointKeepsTheOlderImagesAndSaysWhy() throws Exception {
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      replayTo(40);
      cp.checkpoint("first");
      replayTo(60);
      // A directory where the temporary file must go makes the write fail, as a full disk would.
      Files.createDirectory(dir.resolve("image.ckpt"));
      assertThatThrownBy(() -> cp.checkpoint("second"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("journal id 60");
      assertThat(cp.lastError()).contains("journal id 60");
      assertThat(store.ids()).containsExactly(40L);
      assertThat(cp.newestId()).isEqualTo(40);
    }
  }

  @Test
  void theTimeTriggerFiresOnlyWhenTheCatalogGrewAndTheImageIsOlderThanTheInterval() {
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      cp.round();
      assertThat(store.ids()).as("nothing replayed, nothing to write").isEmpty();
      replayTo(10);
      cp.round();
      assertThat(cp.newestId()).as("no image yet: the first one is due at once").isEqualTo(10);
      assertThat(cp.lastCheckpointMillis()).isEqualTo(clock.wallMillis());

      replayTo(12);
      advanceSeconds(599);
      cp.round();
      assertThat(cp.newestId())
          .as("grown, but image.10 is younger than the interval")
          .isEqualTo(10);
      advanceSeconds(1);
      cp.round();
      assertThat(cp.newestId()).isEqualTo(12);

      advanceSeconds(10_000);
      cp.round();
      assertThat(cp.newestId()).as("old, but the catalog has not grown").isEqualTo(12);
      assertThat(store.ids()).containsExactly(12L, 10L);
      assertThat(journal.flushCount()).isEqualTo(2);
    }
  }

  @Test
  void anIntervalOfZeroDisablesTheTimeTrigger() {
    intervalSeconds.set(0);
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      replayTo(10);
      cp.round();
      advanceSeconds(86_400);
      cp.round();
      assertThat(store.ids()).isEmpty();
      assertThat(cp.checkpoint("on demand still works")).isEqualTo(10);
    }
  }

  @Test
  void aChangedIntervalAppliesAtTheNextRound() {
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      replayTo(10);
      cp.round();
      replayTo(11);
      advanceSeconds(100);
      cp.round();
      assertThat(cp.newestId()).isEqualTo(10);
      intervalSeconds.set(60);
      cp.round();
      assertThat(cp.newestId()).isEqualTo(11);
    }
  }

  @Test
  void afterARestartTheNewestImageAgesFromItsFileTime() throws Exception {
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      replayTo(10);
      cp.checkpoint("before the restart");
    }
    Files.setLastModifiedTime(
        store.file(10), java.nio.file.attribute.FileTime.fromMillis(clock.wallMillis() - 599_000));
    replayTo(11);
    try (Checkpointer cp = timed(store)) {
      cp.round();
      assertThat(cp.newestId()).isEqualTo(10);
      advanceSeconds(1);
      cp.round();
      assertThat(cp.newestId()).isEqualTo(11);
    }
  }

  @Test
  void afterAFailureTheTimeTriggerWaitsBeforeItRetries() throws Exception {
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      replayTo(10);
      Files.createDirectory(dir.resolve("image.ckpt"));
      cp.round();
      assertThat(cp.lastError()).contains("journal id 10");
      int attempts = journal.flushCount();
      advanceSeconds(29);
      cp.round();
      assertThat(journal.flushCount()).as("no retry within the back-off").isEqualTo(attempts);
      Files.delete(dir.resolve("image.ckpt"));
      advanceSeconds(1);
      cp.round();
      assertThat(cp.newestId()).isEqualTo(10);
      assertThat(cp.lastError()).isEmpty();
    }
  }

  @Test
  void aPeersRequestWaitsForReplayUpToItsJournalIdOrSaysHowFarItGot() throws Exception {
    ImageStore store = new ImageStore(dir);
    try (Checkpointer cp = timed(store)) {
      replayTo(40);
      assertThatThrownBy(() -> cp.checkpointAtLeast(45, java.time.Duration.ofMillis(100), "peer"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("replayed only up to journal id 40", "short of the 45 asked for");
      assertThat(store.ids()).isEmpty();

      Thread replay =
          new Thread(
              () -> {
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                replayTo(45);
              });
      replay.start();
      assertThat(cp.checkpointAtLeast(45, java.time.Duration.ofSeconds(10), "peer")).isEqualTo(45);
      replay.join();
      assertThat(cp.checkpointAtLeast(30, java.time.Duration.ZERO, "peer"))
          .as("already newer")
          .isEqualTo(45);
    }
  }

  @Test
  void theShutdownImageIsWrittenWhenBehindAndNotWhenUpToDate() {
    ImageStore store = new ImageStore(dir);
    Checkpointer cp = timed(store);
    replayTo(20);
    cp.checkpoint("first");
    replayTo(25);
    cp.close();
    assertThatThrownBy(() -> cp.checkpoint("too late"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("stopping");
    cp.checkpointAtShutdown();
    assertThat(store.ids()).containsExactly(25L, 20L);
    assertThat(cp.newestId()).isEqualTo(25);

    int flushes = journal.flushCount();
    Checkpointer upToDate = timed(store);
    upToDate.close();
    upToDate.checkpointAtShutdown();
    assertThat(journal.flushCount())
        .as("nothing written when the newest image holds everything")
        .isEqualTo(flushes);
    assertThat(store.ids()).containsExactly(25L, 20L);
  }
}
