package io.metafe.tool;

import static io.metafe.tool.MetaDirFixture.history;
import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.records.FrontendRole;
import io.metafe.records.JournalRecord;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inspect on three real meta_dirs whose images and journals disagree about which FE is furthest
 * ahead.
 */
class InspectCommandTest {
  @TempDir Path tmp;

  private static String[] row(MetaDirFixture.Run r, MetaDirFixture.Fe fe) {
    return r.lines().stream()
        .filter(l -> l.startsWith(fe.root() + " "))
        .findFirst()
        .map(l -> l.trim().split("\\s+"))
        .orElseThrow(() -> new AssertionError("no row for " + fe.root()));
  }

  @Test
  void recommendsTheLongestFollowerJournalNotTheLargestImageAndListsWhatOthersWouldLose()
      throws Exception {
    List<JournalRecord> h = history(40, 0);
    // fe1 has the longest FOLLOWER journal; fe2 the largest image suffix; fe3, an OBSERVER, the
    // longest journal.
    MetaDirFixture.Fe fe1 =
        MetaDirFixture.create(tmp.resolve("fe1"), FrontendRole.FOLLOWER)
            .journal(h.subList(0, 30), 1000)
            .image(h, 20);
    MetaDirFixture.Fe fe2 =
        MetaDirFixture.create(tmp.resolve("fe2"), FrontendRole.FOLLOWER)
            .journal(h.subList(0, 25), 1000)
            .image(h, 25);
    MetaDirFixture.Fe fe3 =
        MetaDirFixture.create(tmp.resolve("fe3"), FrontendRole.OBSERVER)
            .journal(h, 1000)
            .image(h, 10);
    Map<String, String> before = MetaDirFixture.fingerprint(tmp);

    MetaDirFixture.Run r =
        MetaDirFixture.run(
            "inspect", fe1.root().toString(), fe2.root().toString(), fe3.root().toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(row(r, fe1))
        .containsExactly(
            fe1.root().toString(),
            fe1.name(),
            "FOLLOWER",
            "4242",
            "20",
            "1",
            "30",
            "CREATE_DATABASE",
            "-");
    assertThat(row(r, fe2))
        .containsExactly(
            fe2.root().toString(),
            fe2.name(),
            "FOLLOWER",
            "4242",
            "25",
            "1",
            "25",
            "INSERT_ROWS",
            "-");
    assertThat(row(r, fe3))
        .containsExactly(
            fe3.root().toString(),
            fe3.name(),
            "OBSERVER",
            "4242",
            "10",
            "1",
            "40",
            "CREATE_DATABASE",
            "-");
    assertThat(r.out())
        .contains("recommendation: recover from " + fe1.root() + " (" + fe1.name() + ", FOLLOWER)")
        .contains(fe2.root() + " (FOLLOWER): loses nothing: its journal ends at id 25, 5 behind")
        .contains(
            fe3.root()
                + " (OBSERVER): holds 10 entries beyond id 30 that recovery from "
                + fe1.root()
                + " would lose: ids 31..40")
        .doesNotContain("DIVERGED")
        .doesNotContain("secret-token");
    int at = r.lines().indexOf("    31 INSERT_ROWS");
    assertThat(at).isPositive();
    assertThat(r.lines().subList(at, at + 10))
        .containsExactly(
            "    31 INSERT_ROWS",
            "    32 INSERT_ROWS",
            "    33 INSERT_ROWS",
            "    34 INSERT_ROWS",
            "    35 INSERT_ROWS",
            "    36 INSERT_ROWS",
            "    37 INSERT_ROWS",
            "    38 INSERT_ROWS",
            "    39 INSERT_ROWS",
            "    40 CREATE_DATABASE");

    MetaDirFixture.Run limited =
        MetaDirFixture.run(
            "inspect", "--lost-limit", "3", fe1.root().toString(), fe3.root().toString());
    assertThat(limited.out())
        .contains("    33 INSERT_ROWS")
        .doesNotContain("    34 INSERT_ROWS")
        .contains("    ... and 7 more: 1 CREATE_DATABASE, 6 INSERT_ROWS");

    assertThat(MetaDirFixture.fingerprint(tmp)).isEqualTo(before);
  }

  @Test
  void flagsJournalsThatDivergedAndSkipsDamagedImages() throws Exception {
    List<JournalRecord> mine = history(29, 0);
    List<JournalRecord> theirs = history(32, 1);
    MetaDirFixture.Fe fe1 =
        MetaDirFixture.create(tmp.resolve("fe1"), FrontendRole.FOLLOWER)
            .journal(mine, 1000)
            .image(mine, 20)
            .image(mine, 29);
    MetaDirFixture.Fe fe2 =
        MetaDirFixture.create(tmp.resolve("fe2"), FrontendRole.FOLLOWER).journal(theirs, 1000);
    Path image29 = fe1.metaDir().imageDir().resolve("image.29");
    byte[] bytes = java.nio.file.Files.readAllBytes(image29);
    bytes[bytes.length / 2] ^= 1;
    java.nio.file.Files.write(image29, bytes);
    Map<String, String> before = MetaDirFixture.fingerprint(tmp);

    MetaDirFixture.Run r =
        MetaDirFixture.run("inspect", fe1.root().toString(), fe2.root().toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(row(r, fe1)[4]).isEqualTo("20");
    assertThat(row(r, fe2)[4]).isEqualTo("-");
    assertThat(r.out())
        .contains("note: " + image29 + " skipped: ")
        .contains("CRC-32C")
        .contains("recommendation: recover from " + fe2.root())
        .contains(
            fe1.root()
                + " (FOLLOWER): DIVERGED: its entry 29 differs from the one in "
                + fe2.root());
    assertThat(MetaDirFixture.fingerprint(tmp)).isEqualTo(before);
    assertThat(Arrays.asList(fe1.metaDir().imageDir().toFile().list())).contains("image.29");
  }
}
