package io.metafe.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.CatalogDigest;
import io.metafe.catalog.CatalogReplayTest;
import io.metafe.records.Column;
import io.metafe.records.CreateDatabase;
import io.metafe.records.CreateTable;
import io.metafe.records.DataType;
import io.metafe.records.InsertRows;
import io.metafe.records.JournalRecord;
import io.metafe.records.TableDefinition;
import io.metafe.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the image to start from, retention, leftovers and transfers, on real files. */
class ImageStoreTest {
  private static final int CLUSTER = 77;

  @TempDir Path dir;

  private final List<JournalRecord> history = CatalogReplayTest.history(11, 300);

  private Catalog upTo(int n) {
    return CatalogReplayTest.replay(history.subList(0, n));
  }

  private ImageStore storeWith(int... ids) throws Exception {
    ImageStore store = new ImageStore(dir);
    for (int id : ids) {
      store.checkpoint(upTo(id), CLUSTER, Clock.system());
    }
    return store;
  }

  private void damage(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 0x40;
    Files.write(file, bytes);
  }

  @Test
  void theNewestValidImageTheJournalContinuesIsChosen() throws Exception {
    ImageStore store = storeWith(100, 200);
    ImageStore.Choice choice = store.choose(150, 300, CLUSTER);
    assertThat(choice.start().journalId()).isEqualTo(200);
    assertThat(CatalogDigest.of(choice.start())).isEqualTo(CatalogDigest.of(upTo(200)));
    assertThat(choice.problems()).isEmpty();
  }

  @Test
  void aDamagedNewestImageFallsBackToAnOlderOneWhenTheJournalCoversTheGap() throws Exception {
    ImageStore store = storeWith(100, 200);
    damage(store.file(200));
    ImageStore.Choice choice = store.choose(1, 300, CLUSTER);
    assertThat(choice.start().journalId()).isEqualTo(100);
    assertThat(choice.problems()).singleElement().asString().contains("image.200", "checksum");
    // The damaged file keeps its bytes but no longer claims to be the newest image.
    assertThat(store.ids()).containsExactly(100L);
    assertThat(dir.resolve("image.200.corrupt")).exists();
  }

  @Test
  void aDamagedNewestImageIsRefusedWhenTheJournalNoLongerCoversTheGap() throws Exception {
    ImageStore store = storeWith(100, 200);
    damage(store.file(200));
    ImageStore.Choice choice = store.choose(150, 300, CLUSTER);
    assertThat(choice.start()).isNull();
    assertThat(choice.peerImageHelps()).isTrue();
    assertThat(choice.refusal()).contains("image.100", "journal starts at id 150", "ids 101..149");
  }

  @Test
  void withNoValidImageAndAWholeJournalTheJournalIsReplayedFromTheStart() throws Exception {
    ImageStore store = storeWith(100);
    damage(store.file(100));
    ImageStore.Choice choice = store.choose(1, 300, CLUSTER);
    assertThat(choice.start().journalId()).isZero();
    assertThat(choice.problems()).hasSize(1);
  }

  @Test
  void anImageNewerThanTheJournalIsRefusedNotSkipped() throws Exception {
    ImageStore store = storeWith(100, 200);
    ImageStore.Choice choice = store.choose(1, 150, CLUSTER);
    assertThat(choice.start()).isNull();
    assertThat(choice.peerImageHelps()).isFalse();
    assertThat(choice.refusal()).contains("image.200 is newer than the journal", "151..200");
    ImageStore.Choice emptyBdb = store.choose(1, 0, CLUSTER);
    assertThat(emptyBdb.refusal()).contains("bdb/ is empty");
  }

  @Test
  void anImageOfAnotherClusterIsRefused() throws Exception {
    ImageStore store = storeWith(100);
    assertThat(store.choose(1, 300, CLUSTER + 1).refusal())
        .contains("belongs to cluster " + CLUSTER);
  }

  @Test
  void truncatedTemporaryAndPartialFilesAreNeverChosen() throws Exception {
    ImageStore store = storeWith(100, 200);
    byte[] whole = Files.readAllBytes(store.file(200));
    Files.write(store.file(200), Arrays.copyOf(whole, whole.length / 2));
    Files.write(dir.resolve("image.ckpt"), whole);
    Files.write(dir.resolve("image.250.part"), whole);
    assertThat(store.removeLeftovers())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("image.ckpt", "image.250.part");
    ImageStore.Choice choice = store.choose(1, 300, CLUSTER);
    assertThat(choice.start().journalId()).isEqualTo(100);
    assertThat(choice.problems()).singleElement().asString().contains("truncated");
  }

  @Test
  void theHeadOfTheNewestValidImageListsItsFrontendsWithoutReadingRows() throws Exception {
    ImageStore store = storeWith(100, 200);
    damage(store.file(200));
    Catalog head = store.newestValidHead();
    assertThat(head.journalId()).isEqualTo(100);
    assertThat(head.frontends()).isEqualTo(upTo(100).frontends());
    assertThat(head.databases()).isEmpty();
    assertThat(new ImageStore(dir.resolve("none")).newestValidHead()).isNull();
  }

  @Test
  void retentionKeepsTheNewestImages() throws Exception {
    ImageStore store = storeWith(50, 100, 150, 200);
    assertThat(store.retain(2)).hasSize(2);
    assertThat(store.ids()).containsExactly(200L, 150L);
    assertThat(store.newestId()).isEqualTo(200);
  }

  @Test
  void aTransferIsInstalledOnlyWhenItVerifies() throws Exception {
    Path source = Files.createDirectories(dir.resolve("peer"));
    Path good = new ImageStore(source).checkpoint(upTo(120), CLUSTER, Clock.system());
    ImageStore store = new ImageStore(Files.createDirectories(dir.resolve("self")));
    Path part = store.dir().resolve("image.120.part");
    Files.copy(good, part);
    assertThat(store.install(part, CLUSTER)).isEqualTo(120);
    assertThat(store.ids()).containsExactly(120L);

    Path cut = store.dir().resolve("image.121.part");
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(good), 100));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.install(cut, CLUSTER))
        .isInstanceOf(CorruptImageException.class);
    assertThat(cut).doesNotExist();
    Path foreign = store.dir().resolve("image.120.part");
    Files.copy(good, foreign);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.install(foreign, CLUSTER + 1))
        .hasMessageContaining("cluster");
    assertThat(store.ids()).containsExactly(120L);
  }

  @Test
  void theReadBackCheckCatchesAnImageThatLostADatabaseOrRows() throws Exception {
    Catalog full = upTo(300);
    assertThat(full.databases().size()).isGreaterThan(1);
    ImageStore store = storeWith(300);
    assertThat(ImageStore.shape(ImageReader.read(store.file(300)).catalog()))
        .isEqualTo(ImageStore.shape(full));
    Catalog lostOne =
        Catalog.of(
            full.journalId(),
            full.nextId(),
            full.frontends(),
            full.master(),
            full.databases().values().drop(1));
    assertThat(ImageStore.shape(lostOne)).isNotEqualTo(ImageStore.shape(full));
    assertThat(dir.resolve("image.ckpt")).doesNotExist();
  }

  private static final Pacer UNPACED = Pacer.unpaced(Clock.system());

  private ImageWriter.Written temporary(Catalog c) throws Exception {
    return ImageWriter.writeTemporary(c, CLUSTER, dir, null, UNPACED);
  }

  @Test
  void theReadBackPassesWhatWasWrittenAndCatchesADamagedByteAnywhere() throws Exception {
    Catalog c = upTo(300);
    ImageWriter.Written written = temporary(c);
    ImageStore.verify(written, c, CLUSTER, UNPACED);
    byte[] good = Files.readAllBytes(written.file());
    int footer = good.length - 20;
    // The magic, the header, rows, the end marker: each derails the parse or only the checksum,
    // and either way the checksum is named.
    for (int at : new int[] {3, 20, good.length / 3, good.length / 2, footer - 2, footer - 1}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x40;
      Files.write(written.file(), bad);
      assertThatThrownBy(() -> ImageStore.verify(written, c, CLUSTER, UNPACED))
          .as("byte %d of %d", at, good.length)
          .isInstanceOf(CorruptImageException.class)
          .hasMessageContaining("does not read back")
          .hasMessageContaining("checksum");
      assertThat(written.file()).doesNotExist();
    }
    for (int at : new int[] {footer, footer + 9, good.length - 1}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x40;
      Files.write(written.file(), bad);
      assertThatThrownBy(() -> ImageStore.verify(written, c, CLUSTER, UNPACED))
          .as("footer byte %d", at - footer)
          .isInstanceOf(CorruptImageException.class)
          .hasMessageContaining("does not read back");
      assertThat(written.file()).doesNotExist();
    }
  }

  @Test
  void theReadBackCatchesATruncatedFile() throws Exception {
    Catalog c = upTo(300);
    ImageWriter.Written written = temporary(c);
    byte[] good = Files.readAllBytes(written.file());
    for (int length : new int[] {0, 10, good.length / 2, good.length - 1}) {
      Files.write(written.file(), Arrays.copyOf(good, length));
      assertThatThrownBy(() -> ImageStore.verify(written, c, CLUSTER, UNPACED))
          .isInstanceOf(CorruptImageException.class)
          .hasMessageContaining("truncated");
      assertThat(written.file()).doesNotExist();
    }
  }

  @Test
  void theReadBackCatchesASoundFileThatIsNotTheOneWritten() throws Exception {
    Catalog c = upTo(300);
    ImageWriter.Written written = temporary(c);
    // Another image, valid in itself, in the place of the one written.
    temporary(upTo(200));
    assertThatThrownBy(() -> ImageStore.verify(written, c, CLUSTER, UNPACED))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageContaining("were written");
  }

  @Test
  void theReadBackCatchesAnImageOfAnotherCatalogOrCluster() throws Exception {
    Catalog full = upTo(300);
    Catalog lostOne =
        Catalog.of(
            full.journalId(),
            full.nextId(),
            full.frontends(),
            full.master(),
            full.databases().values().drop(1));
    ImageWriter.Written written = temporary(lostOne);
    assertThatThrownBy(() -> ImageStore.verify(written, full, CLUSTER, UNPACED))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageContaining("differently from the catalog");
    assertThat(written.file()).doesNotExist();
    ImageWriter.Written again = temporary(full);
    assertThatThrownBy(() -> ImageStore.verify(again, full, CLUSTER + 1, UNPACED))
        .hasMessageContaining("differently from the catalog");
  }

  @Test
  void aCheckpointOfEveryKindOfValueReadsBackAsTheCatalog() throws Exception {
    Catalog c = Catalog.empty().apply(1, new CreateDatabase(10, "kinds"));
    List<Column> columns =
        List.of(
            new Column("n", DataType.BIGINT, true, null, ""),
            new Column("l", DataType.BIGINT, true, null, ""),
            new Column("d", DataType.DOUBLE, true, null, ""),
            new Column("m", DataType.decimal(30, 3), true, null, ""),
            new Column("a", DataType.varchar(20), true, null, ""),
            new Column("u", DataType.varchar(20), true, null, "ünïcode comment"),
            new Column("t", DataType.BOOLEAN, true, null, ""),
            new Column("f", DataType.BOOLEAN, true, null, ""),
            new Column("day", DataType.DATE, true, null, ""),
            new Column("at", DataType.DATETIME, true, null, ""));
    c =
        c.apply(
            2,
            new CreateTable(
                10,
                new TableDefinition(
                    11,
                    "tåble",
                    columns,
                    "DUPLICATE",
                    List.of("n"),
                    "HASH",
                    List.of("n"),
                    1,
                    java.util.Map.of(),
                    "")));
    List<Object[]> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(
          new Object[] {
            null,
            (long) i,
            i / 3.0,
            new java.math.BigDecimal(i + ".125"),
            "row-" + i,
            "ünï-" + i + "-日本",
            true,
            false,
            java.time.LocalDate.ofEpochDay(i),
            java.time.LocalDateTime.of(2026, 12, 7, 18, 5, 1, i * 1000)
          });
    }
    c = c.apply(3, new InsertRows(10, 11, rows));
    Path file = new ImageStore(dir).checkpoint(c, CLUSTER, Clock.system());
    assertThat(CatalogDigest.of(ImageReader.read(file).catalog())).isEqualTo(CatalogDigest.of(c));
  }
}
