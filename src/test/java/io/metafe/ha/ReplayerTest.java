package io.metafe.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.CatalogReplayTest;
import io.metafe.edit.CatalogHolder;
import io.metafe.journal.Journal;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import io.metafe.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the replayer reads: at once on a commit signal, and on its own only after 50 ms of the clock
 * without one. The clock is a {@link ManualClock}, so the 50 ms pass without waiting; each look of
 * the replayer for itself ({@link Journal#refreshLastId}) is held until the test lets it go, so
 * that the test knows exactly where the replayer is.
 */
class ReplayerTest {
  private static final long FIFTY_MS = Duration.ofMillis(50).toNanos();

  private final List<JournalRecord> history = CatalogReplayTest.history(7, 10);
  private final ManualClock clock = new ManualClock();
  private final HeldLooks journal = new HeldLooks(clock);

  /** Waits for replay in real time: only the replayer runs on the manual clock. */
  private final CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());

  private final List<Long> publishedAt = new CopyOnWriteArrayList<>();
  private final List<String> fatal = new CopyOnWriteArrayList<>();
  private final Replayer replayer =
      new Replayer(
          journal, holder, fatal::add, c -> publishedAt.add(clock.nanos()), () -> {}, clock);

  @AfterEach
  void stop() {
    journal.letAllGo();
    replayer.stop();
    assertThat(fatal).isEmpty();
  }

  private void appendThree() {
    for (int i = 0; i < 3; i++) {
      journal.entries.append(List.of(RecordCodec.encode(history.get(i))));
    }
  }

  @Test
  void withoutACommitSignalTheReplayerLooksForItselfEvery50Ms() throws Exception {
    replayer.start();
    assertThat(journal.nextLook()).as("the first round looks at once").isZero();
    // Appended after that look saw the journal: as the first entries of a segment the master has
    // just started, which send no signal.
    appendThree();
    journal.letOneGo();

    assertThat(journal.nextLook()).isEqualTo(FIFTY_MS);
    assertThat(holder.current().journalId()).as("nothing is read before the look").isZero();
    journal.letOneGo();
    assertThat(holder.awaitJournalId(3, Duration.ofSeconds(10))).isTrue();

    assertThat(journal.nextLook()).as("and 50 ms after that").isEqualTo(2 * FIFTY_MS);
    // Only now: the holder is updated before the replayer's publish callback runs, and the
    // replayer's next look comes after both.
    assertThat(publishedAt).containsExactly(FIFTY_MS);
  }

  @Test
  void aCommitSignalIsReadAtOnceWithoutWaitingForTheLook() throws Exception {
    replayer.start();
    assertThat(journal.nextLook()).isZero();
    appendThree();
    journal.signal(3);
    journal.letOneGo();

    assertThat(journal.nextLook())
        .as("a signal does not make the replayer look; the next look is 50 ms later")
        .isEqualTo(FIFTY_MS);
    assertThat(holder.current().journalId()).isEqualTo(3);
    assertThat(publishedAt).as("read at once, before the clock moved").containsExactly(0L);
  }

  /**
   * A journal whose {@link #refreshLastId} answers what it held when the look began, and returns
   * only when the test lets it.
   */
  private static final class HeldLooks implements Journal {
    final MemoryJournal entries = new MemoryJournal();
    private final Clock clock;
    private final BlockingQueue<Long> looks = new LinkedBlockingQueue<>();
    private final Semaphore go = new Semaphore(0);
    private volatile boolean allGo;
    private volatile LongConsumer replayed = id -> {};

    HeldLooks(Clock clock) {
      this.clock = clock;
    }

    /** The clock's nanos at the replayer's next look, which waits for {@link #letOneGo}. */
    long nextLook() throws InterruptedException {
      Long at = looks.poll(10, TimeUnit.SECONDS);
      assertThat(at).as("the replayer looked").isNotNull();
      return at;
    }

    void letOneGo() {
      go.release();
    }

    void letAllGo() {
      allGo = true;
      go.release();
    }

    /** What bdbje's trigger reports when a replayed transaction commits here. */
    void signal(long id) {
      replayed.accept(id);
    }

    @Override
    public long refreshLastId() {
      long seen = entries.lastId();
      looks.add(clock.nanos());
      if (!allGo) {
        go.acquireUninterruptibly();
      }
      return seen;
    }

    @Override
    public void onReplayedCommit(LongConsumer listener) {
      replayed = listener;
    }

    @Override
    public long lastId() {
      return entries.lastId();
    }

    @Override
    public long firstId() {
      return entries.firstId();
    }

    @Override
    public long append(List<byte[]> batch) {
      return entries.append(batch);
    }

    @Override
    public List<Entry> read(long fromId, int max) {
      return entries.read(fromId, max);
    }

    @Override
    public long deleteThrough(long lastDeletable) {
      return entries.deleteThrough(lastDeletable);
    }

    @Override
    public void close() {
      entries.close();
    }
  }
}
