package io.metafe.tool;

import static io.metafe.tool.MetaDirFixture.history;
import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.CatalogDigest;
import io.metafe.records.FrontendRole;
import io.metafe.records.JournalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify replays like an FE's start, and fails in one line when an FE could not start from the
 * meta_dir.
 */
class VerifyCommandTest {
  @TempDir Path tmp;

  private static void flipByte(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
  }

  private static String last(MetaDirFixture.Run r) {
    List<String> lines = r.lines();
    return lines.get(lines.size() - 1);
  }

  @Test
  void replaysFromTheNewestValidImageAndFailsWhenTheJournalNoLongerCoversTheGap() throws Exception {
    List<JournalRecord> h = history(40, 0);
    // Segments of 10 entries: 1, 11, 21, 31.
    MetaDirFixture.Fe fe =
        MetaDirFixture.create(tmp.resolve("fe"), FrontendRole.FOLLOWER)
            .journal(h, 10)
            .image(h, 15)
            .image(h, 35);
    String digest = CatalogDigest.of(MetaDirFixture.replay(h, 40));
    Map<String, String> before = MetaDirFixture.fingerprint(tmp);

    MetaDirFixture.Run ok = MetaDirFixture.run("verify", fe.root().toString());
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out())
        .contains("journal: ids 1..40 in segments [1, 11, 21, 31]")
        .contains("image.35: ok (cluster 4242)")
        .contains("image.15: ok (cluster 4242)")
        .contains("start: image.35, replaying journal ids 36..40")
        .contains("replayed to journal id 40; catalog digest " + digest);
    assertThat(last(ok)).isEqualTo("OK");
    assertThat(MetaDirFixture.fingerprint(tmp)).isEqualTo(before);

    // A damaged newest image: the FE would start from image.15, so the digest is the same, but
    // verify fails.
    Path image35 = fe.metaDir().imageDir().resolve("image.35");
    flipByte(image35);
    MetaDirFixture.Run damaged = MetaDirFixture.run("verify", fe.root().toString());
    assertThat(damaged.code()).isEqualTo(1);
    assertThat(damaged.out())
        .contains("image.35: FAILED: ")
        .contains("CRC-32C")
        .contains("start: image.15, replaying journal ids 16..40")
        .contains("catalog digest " + digest);
    assertThat(last(damaged)).startsWith("FAILED: image.35 does not verify");

    // Once the journal is trimmed past image.15 nothing covers ids 16..30.
    fe.trim(30);
    Map<String, String> trimmed = MetaDirFixture.fingerprint(tmp);
    MetaDirFixture.Run gap = MetaDirFixture.run("verify", fe.root().toString());
    assertThat(gap.code()).isEqualTo(1);
    assertThat(gap.out())
        .contains("journal: ids 31..40 in segments [31]")
        .doesNotContain("replayed to");
    assertThat(last(gap))
        .isEqualTo(
            "FAILED: gap: image.15 is the newest valid image but the journal starts at id"
                + " 31, so ids 16..30 are in no image and no journal here");
    // verify never renames a damaged image aside, as a starting FE would.
    assertThat(Files.exists(image35)).isTrue();
    assertThat(MetaDirFixture.fingerprint(tmp)).isEqualTo(trimmed);
  }

  @Test
  void failsWhenTheNewestImageIsAheadOfTheJournal() throws Exception {
    List<JournalRecord> h = history(30, 0);
    MetaDirFixture.Fe fe =
        MetaDirFixture.create(tmp.resolve("fe"), FrontendRole.FOLLOWER)
            .journal(h.subList(0, 20), 10)
            .image(h, 30);

    MetaDirFixture.Run r = MetaDirFixture.run("verify", fe.root().toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(last(r))
        .startsWith("FAILED: image.30 is newer than the journal, which ends at id 20");
  }
}
