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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on an in-memory journal: cadence, retention, flushing first, and failure. */
class CheckpointerTest {
  @TempDir
  Path dir;

  private final List<JournalRecord> history = CatalogReplayTest.history(5, 300);
  private final CatalogHolder holder = new CatalogHolder(Catalog.empty());
  private final MemoryJournal journal = new MemoryJournal();

  private void replayTo(int n) {
    Catalog c = holder.current();
    for (int id = (int) c.journalId() + 1; id <= n; id++) {
      journal.append(List.of(RecordCodec.encode(history.get(id - 1))));
      c = c.apply(id, history.get(id - 1));
    }
    holder.publish(c);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void imagesFollowTheRollNumberWhichCanChangeWhileRunning() throws Exception {
    AtomicLong every = new AtomicLong(100);
    ImageStore store = new ImageStore(dir);
    List<Long> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Checkpointer cp = new Checkpointer(store, holder, () -> journal, 9, every::get, () -> 2)) {
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
    try (Checkpointer cp = new Checkpointer(store, holder, () -> journal, 9, () -> 1_000_000, () -> 2)) {
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
    try (Checkpointer cp = new Checkpointer(store, holder, () -> journal, 9, () -> 1_000_000, () -> 2)) {
      replayTo(40);
      cp.checkpoint("first");
      replayTo(60);
      // A directory where the temporary file must go makes the write fail, as a full disk would.
      Files.createDirectory(dir.resolve("image.ckpt"));
      assertThatThrownBy(() -> cp.checkpoint("second")).isInstanceOf(CheckpointException.class)
          .hasMessageContaining("journal id 60");
      assertThat(cp.lastError()).contains("journal id 60");
      assertThat(store.ids()).containsExactly(40L);
      assertThat(cp.newestId()).isEqualTo(40);
    }
  }
}
