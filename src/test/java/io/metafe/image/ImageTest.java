package io.metafe.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.CatalogDigest;
import io.metafe.catalog.CatalogReplayTest;
import io.metafe.records.JournalRecord;
import io.metafe.records.MasterInfo;
import io.metafe.time.Clock;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTest {
  @TempDir Path dir;

  private static Catalog catalog(long seed) {
    List<JournalRecord> history = new ArrayList<>(CatalogReplayTest.history(seed, 300));
    history.add(new MasterInfo("127.0.0.1_9010_1", "127.0.0.1", 9010, 8030, 9020, 9030, 4));
    history.add(new io.metafe.records.FrontendPorts("127.0.0.1_9010_1", 8031, 9031, 9021));
    return CatalogReplayTest.replay(history);
  }

  @Test
  void loadingImageNGivesTheStateOfReplaying1ToN() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      Catalog replayed = catalog(seed);
      Path file = ImageWriter.write(replayed, 4242, dir, Clock.system());
      assertThat(file.getFileName().toString()).isEqualTo("image.302");
      assertThat(dir.resolve("image.ckpt")).doesNotExist();
      ImageReader.Loaded loaded = ImageReader.read(file);
      assertThat(loaded.clusterId()).isEqualTo(4242);
      assertThat(loaded.catalog().journalId()).isEqualTo(302);
      assertThat(loaded.catalog().frontend("127.0.0.1_9010_1").get().queryPort()).isEqualTo(9031);
      assertThat(CatalogDigest.of(loaded.catalog())).isEqualTo(CatalogDigest.of(replayed));
      assertThat(loaded.catalog().master()).isEqualTo(replayed.master());
    }
  }

  @Test
  void aSingleDamagedByteIsDetected() throws Exception {
    Path file = ImageWriter.write(catalog(7), 1, dir, Clock.system());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    assertThatThrownBy(() -> ImageReader.read(file))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageContaining("fails its CRC-32C checksum")
        .hasMessageContaining(file.toString());
  }

  @Test
  void aTruncatedImageIsDetected() throws Exception {
    Path file = ImageWriter.write(catalog(8), 1, dir, Clock.system());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> ImageReader.read(file))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageContaining("truncated");
    Files.write(file, Arrays.copyOf(bytes, 12));
    assertThatThrownBy(() -> ImageReader.read(file)).hasMessageContaining("truncated");
  }

  @Test
  void temporaryAndPartialFilesAreNotImages() {
    assertThat(ImageReader.journalIdOf(Path.of("image.12"))).isEqualTo(12);
    assertThat(ImageReader.journalIdOf(Path.of("image.ckpt"))).isEqualTo(-1);
    assertThat(ImageReader.journalIdOf(Path.of("image.12.part"))).isEqualTo(-1);
    assertThat(ImageReader.journalIdOf(Path.of("ROLE"))).isEqualTo(-1);
  }

  @Test
  void unknownSectionsAreSkipped() throws Exception {
    Catalog c = catalog(9);
    Path file =
        ImageWriter.write(c, 1, dir, new byte[] {1, 2, 3, 4, 5}, Pacer.unpaced(Clock.system()));
    assertThat(CatalogDigest.of(ImageReader.read(file).catalog())).isEqualTo(CatalogDigest.of(c));
  }

  @Test
  void anImageFromANewerFormatIsRefusedByName() throws Exception {
    Path file = ImageWriter.write(catalog(10), 1, dir, Clock.system());
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putInt(8, 99);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 20);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    Files.write(file, bytes);
    assertThatThrownBy(() -> ImageReader.read(file))
        .hasMessageContaining("image format version 99")
        .hasMessageContaining("newer MetaFE");
  }
}
