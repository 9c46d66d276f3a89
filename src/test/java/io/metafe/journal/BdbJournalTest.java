package io.metafe.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.journal.bdb.BdbJournal;
import io.metafe.journal.bdb.BdbOptions;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.time.Clock;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same contract for the bdbje journal (one real single-node JE HA group) and the in-memory one.
 */
class BdbJournalTest {
  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private BdbEnvironment open(int port) {
    String self = "127.0.0.1:" + port;
    return BdbEnvironment.open(
        new BdbOptions(
            dir.resolve("bdb"),
            BdbOptions.GROUP_NAME,
            "127.0.0.1_" + port + "_1",
            self,
            self,
            true,
            "SYNC",
            "SYNC",
            "SIMPLE_MAJORITY",
            30,
            250,
            1000,
            10,
            1,
            5000,
            100,
            20,
            0,
            5000),
        Clock.system());
  }

  private static List<byte[]> entries(int from, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(("entry-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static void contract(Journal j) {
    assertThat(j.lastId()).isZero();
    assertThat(j.read(1, 10)).isEmpty();
    assertThat(j.append(entries(1, 3))).isEqualTo(3);
    assertThat(j.append(entries(4, 20))).isEqualTo(23);
    assertThat(j.lastId()).isEqualTo(23);
    List<Journal.Entry> read = j.read(2, 5);
    assertThat(read).extracting(Journal.Entry::id).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(new String(read.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("entry-2");
    assertThat(j.read(20, 100)).extracting(Journal.Entry::id).containsExactly(20L, 21L, 22L, 23L);
  }

  /**
   * Deletion is by whole segments on bdbje and by entry in memory; both keep every id after the
   * point.
   */
  static void deletion(Journal j) {
    assertThat(j.firstId()).isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      j.append(entries(i * 5 + 1, 5));
    }
    long first = j.deleteThrough(22);
    assertThat(first).isBetween(2L, 23L);
    assertThat(j.firstId()).isEqualTo(first);
    assertThat(j.read(23, 100)).extracting(Journal.Entry::id).startsWith(23L).endsWith(50L);
    assertThatThrownBy(() -> j.read(1, 1))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("no longer held");
    // The newest entries are never deleted, whatever the caller asks.
    j.deleteThrough(1_000);
    assertThat(j.lastId()).isEqualTo(50);
    assertThat(j.read(50, 1)).hasSize(1);
    assertThat(j.append(entries(51, 1))).isEqualTo(51);
  }

  @Test
  void memoryJournalMeetsTheContract() {
    contract(new MemoryJournal());
    deletion(new MemoryJournal());
  }

  private static BdbOptions member(Path home, int port, int helperPort) {
    return new BdbOptions(
        home,
        BdbOptions.GROUP_NAME,
        "127.0.0.1_" + port + "_1",
        "127.0.0.1:" + port,
        "127.0.0.1:" + helperPort,
        true,
        "SYNC",
        "SYNC",
        "SIMPLE_MAJORITY",
        30,
        250,
        1000,
        10,
        1,
        5000,
        100,
        20,
        0,
        5000);
  }

  @Test
  void aReplicaIsToldOfEachTransactionItReplaysOnceItCommits() throws Exception {
    int masterPort = freePort();
    int replicaPort = freePort();
    try (BdbEnvironment master =
            BdbEnvironment.open(member(dir.resolve("m"), masterPort, masterPort), Clock.system());
        BdbEnvironment replica =
            BdbEnvironment.open(
                member(dir.resolve("r"), replicaPort, masterPort), Clock.system())) {
      BdbJournal written = BdbJournal.open(master, () -> 1000, Clock.system());
      assertThat(written.append(entries(1, 3))).isEqualTo(3);
      BdbJournal replayed = BdbJournal.open(replica, () -> 1000, Clock.system());
      java.util.concurrent.BlockingQueue<Long> told =
          new java.util.concurrent.LinkedBlockingQueue<>();
      replayed.onReplayedCommit(told::add);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (replayed.read(1, 10).size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      told.clear();
      assertThat(written.append(entries(4, 5))).isEqualTo(8);
      assertThat(told.poll(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("the highest id of the transaction")
          .isEqualTo(8L);
      assertThat(replayed.read(4, 5))
          .extracting(Journal.Entry::id)
          .containsExactly(4L, 5L, 6L, 7L, 8L);
      replayed.close();
      written.close();
    }
  }

  @Test
  void aBurstFasterThanTheDiskKeeperIsWrittenNotRefused() throws Exception {
    int port = freePort();
    String self = "127.0.0.1:" + port;
    // The smallest budget MetaFE allows (4 MiB), and 12 MiB written well within the keeper's
    // one-second pace.
    try (BdbEnvironment env =
        BdbEnvironment.open(
            new BdbOptions(
                dir.resolve("bdb"),
                BdbOptions.GROUP_NAME,
                "127.0.0.1_" + port + "_1",
                self,
                self,
                true,
                "SYNC",
                "SYNC",
                "SIMPLE_MAJORITY",
                30,
                250,
                1000,
                10,
                1,
                5000,
                100,
                20,
                4L << 20,
                5000),
            Clock.system())) {
      BdbJournal j = BdbJournal.open(env, () -> 1000, Clock.system());
      // Let the keeper set its first limit (small live log + 4 MiB) before the burst.
      Thread.sleep(1500);
      byte[] big = new byte[1 << 20];
      long slowest = 0;
      for (int i = 1; i <= 12; i++) {
        long started = System.nanoTime();
        assertThat(j.append(List.of(big))).isEqualTo(i);
        slowest = Math.max(slowest, System.nanoTime() - started);
      }
      System.out.printf(
          "12 appends of 1 MiB past a 4 MiB budget; the slowest took %d ms%n", slowest / 1_000_000);
      j.close();
    }
  }

  @Test
  void bdbJournalDeletesWholeSegmentsAndTheDeletionSurvivesReopen() throws Exception {
    int port = freePort();
    try (BdbEnvironment env = open(port)) {
      BdbJournal j = BdbJournal.open(env, () -> 10, Clock.system());
      deletion(j);
      // Segments of 10 (batches of 5): 1, 11, 21, ...; deleting through 22 drops 1..20 only.
      assertThat(j.firstId()).isEqualTo(41);
      j.close();
    }
    try (BdbEnvironment env = open(port)) {
      BdbJournal j = BdbJournal.open(env, () -> 10, Clock.system());
      assertThat(j.firstId()).isEqualTo(41);
      assertThat(j.lastId()).isEqualTo(51);
      j.close();
    }
  }

  @Test
  void bdbJournalMeetsTheContractRollsSegmentsAndSurvivesReopen() throws Exception {
    int port = freePort();
    try (BdbEnvironment env = open(port)) {
      BdbJournal j = BdbJournal.open(env, () -> 10, Clock.system());
      contract(j);
      j.close();
    }
    try (BdbEnvironment env = open(port)) {
      BdbJournal j = BdbJournal.open(env, () -> 10, Clock.system());
      assertThat(j.lastId()).isEqualTo(23);
      assertThat(j.read(1, 100)).hasSize(23);
      j.append(entries(24, 1));
      assertThat(j.read(24, 1).get(0).id()).isEqualTo(24);
      j.close();
    }
    try (BdbEnvironment env = open(port)) {
      List<String> names = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir.resolve("bdb"))) {
        assertThat(files.anyMatch(f -> f.toString().endsWith(".jdb"))).isTrue();
      }
      BdbJournal j = BdbJournal.open(env, () -> 10, Clock.system());
      // Segments start at 1 and at the first append after each 10 entries: 1, 4 (batch of 20 kept
      // whole), 24.
      for (Journal.Entry e : j.read(1, 100)) {
        names.add(Long.toString(e.id()));
      }
      assertThat(names).hasSize(24);
      j.close();
    }
  }
}
