package io.metafe.tool;

import io.metafe.journal.Journal;
import io.metafe.journal.bdb.BdbSnapshot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inspect DIR...}: one row per meta_dir, then which one to recover from and what the others
 * would lose.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    header = "Compare meta_dirs and recommend the one to recover from.",
    description =
        "Shows each meta_dir's node, role, cluster, newest valid image and journal range, and recommends"
            + " the FE to recover from: the FOLLOWER whose bdb/ holds the largest journal id (image suffixes do not"
            + " count). For every other meta_dir it lists the entries that recovery would lose.")
final class InspectCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "DIR",
      description = "meta_dirs of stopped FEs (or copies of them)")
  private List<Path> dirs;

  @Option(
      names = "--lost-limit",
      defaultValue = "100",
      paramLabel = "N",
      description =
          "list at most N lost entries per meta_dir, then count the rest by type (default ${DEFAULT-VALUE})")
  private int lostLimit;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<OfflineMetaDir> all = OfflineMetaDir.openAll(dirs);
    try {
      List<String> notes = new ArrayList<>();
      TextTable table =
          new TextTable(
              "DIR",
              "NODE",
              "ROLE",
              "CLUSTER",
              "IMAGE",
              "FIRST_ID",
              "LAST_ID",
              "LAST_ENTRY",
              "LAST_TIME");
      for (OfflineMetaDir d : all) {
        table.add(row(d, notes));
      }
      table.print(out);
      // JE stamps commits inside its log records, which its API gives only to a full log scan; the
      // type of the newest entry is cheap and usually says more about what happened last.
      out.println(
          "LAST_TIME is '-': bdbje exposes commit times only through a scan of its log files;"
              + " LAST_ENTRY is the type of the newest entry instead.");
      for (String note : notes) {
        out.println("note: " + note);
      }
      out.println();
      return new Recommendation(all, lostLimit).print(out);
    } finally {
      all.forEach(OfflineMetaDir::close);
    }
  }

  private static String[] row(OfflineMetaDir d, List<String> notes) {
    String image = "-";
    for (OfflineMetaDir.ImageCheck c : d.checkImages(false)) {
      if (c.valid()) {
        image = Long.toString(c.id());
        if (!Integer.toString(c.clusterId()).equals(d.clusterId())) {
          notes.add(
              c.file()
                  + " belongs to cluster "
                  + c.clusterId()
                  + ", not to this meta_dir's "
                  + d.clusterId());
        }
      } else {
        notes.add(c.file() + " skipped: " + c.problem());
      }
    }
    BdbSnapshot j = d.journal();
    String first = "-";
    String last = "-";
    String lastEntry = "-";
    if (j == null) {
      notes.add(d.root() + ": no journal: " + d.journalProblem());
    } else if (j.lastId() == 0) {
      last = "0";
      lastEntry = "(empty)";
    } else {
      first = Long.toString(j.firstId());
      last = Long.toString(j.lastId());
      lastEntry = typeOf(j, j.lastId());
    }
    return new String[] {
      d.root().toString(), d.nodeName(), d.role(), d.clusterId(), image, first, last, lastEntry, "-"
    };
  }

  /**
   * The record type of the entry under {@code id}, from its type code alone (no payload decoding
   * needed).
   */
  static String typeOf(Journal j, long id) {
    List<Journal.Entry> e = j.read(id, 1);
    return e.isEmpty() ? "(missing)" : Recommendation.typeName(e.get(0).data());
  }
}
