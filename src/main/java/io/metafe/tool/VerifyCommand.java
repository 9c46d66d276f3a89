package io.metafe.tool;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.CatalogDigest;
import io.metafe.edit.JournalReplay;
import io.metafe.journal.JournalException;
import io.metafe.journal.bdb.BdbSnapshot;
import io.metafe.time.Clock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify DIR}: what an FE's start would do with this meta_dir, without doing any of it to
 * the meta_dir. Choosing the image mirrors {@code ImageStore.choose}, which cannot be called here
 * because it renames damaged images aside; keep the two in step.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Load and replay a meta_dir as an FE's start would, without changing it.",
    description =
        "Checks every image's checksum, loads the newest valid image and replays the journal after it,"
            + " as an FE's start would; prints the final journal id and the catalog digest (as /api/checksum)."
            + " Exit status 0 only if every image verifies and the replay reaches the end of the journal.")
final class VerifyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "meta_dir of a stopped FE (or a copy)")
  private Path dir;

  private final Clock clock;

  /**
   * @param clock times the replay
   */
  VerifyCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (OfflineMetaDir d = OfflineMetaDir.open(dir)) {
      out.println(
          "meta_dir "
              + d.root()
              + ": node "
              + d.nodeName()
              + ", "
              + d.role()
              + ", cluster "
              + d.clusterId());
      BdbSnapshot j = d.journal();
      if (j == null) {
        return fail(out, "no journal: " + d.journalProblem());
      }
      out.println(
          "journal: "
              + (j.lastId() == 0 ? "empty" : "ids " + j.firstId() + ".." + j.lastId())
              + " in segments "
              + j.segmentFirstIds());
      List<String> damaged = new ArrayList<>();
      List<OfflineMetaDir.ImageCheck> images = d.checkImages(true);
      for (OfflineMetaDir.ImageCheck c : images) {
        out.println(
            "image."
                + c.id()
                + ": "
                + (c.valid() ? "ok (cluster " + c.clusterId() + ")" : "FAILED: " + c.problem()));
        if (!c.valid()) {
          damaged.add("image." + c.id());
        }
      }
      Catalog start;
      try {
        start = choose(d, images, j.firstId(), j.lastId());
      } catch (ToolException refusal) {
        return fail(out, refusal.getMessage());
      }
      out.println(
          "start: "
              + (start.journalId() == 0
                  ? "no image, replaying the whole journal"
                  : "image." + start.journalId())
              + (j.lastId() > start.journalId()
                  ? ", replaying journal ids " + (start.journalId() + 1) + ".." + j.lastId()
                  : ", nothing to replay"));
      Catalog end;
      try {
        end = JournalReplay.replay(j, start, j.lastId(), clock);
      } catch (JournalException | JournalReplay.ReplayFailure e) {
        return fail(out, "replay: " + e.getMessage());
      }
      out.println(
          "replayed to journal id "
              + end.journalId()
              + "; catalog digest "
              + CatalogDigest.of(end));
      if (!damaged.isEmpty()) {
        return fail(
            out,
            String.join(", ", damaged)
                + (damaged.size() == 1 ? " does" : " do")
                + " not verify;"
                + " an FE would rename "
                + (damaged.size() == 1 ? "it" : "them")
                + " *.corrupt and start as above");
      }
      out.println("OK");
      return 0;
    }
  }

  private static int fail(PrintWriter out, String why) {
    out.println("FAILED: " + why);
    return 1;
  }

  /** The catalog an FE would start from, or a ToolException saying why it would refuse. */
  private static Catalog choose(
      OfflineMetaDir d, List<OfflineMetaDir.ImageCheck> images, long first, long last) {
    for (OfflineMetaDir.ImageCheck c : images) {
      if (c.id() > last) {
        throw new ToolException(
            1,
            "image."
                + c.id()
                + " is newer than the journal, which ends at id "
                + last
                + ": an FE would refuse to start (entries "
                + (last + 1)
                + ".."
                + c.id()
                + " are missing from bdb/)");
      }
      if (!c.valid()) {
        continue;
      }
      if (!Integer.toString(c.clusterId()).equals(d.clusterId())) {
        throw new ToolException(
            1,
            "image."
                + c.id()
                + " belongs to cluster "
                + c.clusterId()
                + " but image/VERSION"
                + " says "
                + d.clusterId());
      }
      if (c.id() + 1 < first) {
        throw new ToolException(
            1,
            "gap: image."
                + c.id()
                + " is the newest valid image but the journal starts at"
                + " id "
                + first
                + ", so ids "
                + (c.id() + 1)
                + ".."
                + (first - 1)
                + " are in no image and no journal"
                + " here");
      }
      return c.catalog();
    }
    if (first > 1) {
      throw new ToolException(
          1,
          "gap: no valid image, and the journal starts at id "
              + first
              + ", so ids 1.."
              + (first - 1)
              + " are missing");
    }
    return Catalog.empty();
  }
}
