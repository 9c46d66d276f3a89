package io.metafe.tool;

import io.metafe.journal.Journal;
import io.metafe.journal.bdb.BdbSnapshot;
import io.metafe.records.RecordCodec;
import io.metafe.records.RecordType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which meta_dir to recover from. The measure is the last journal id actually in bdb/: an FE's
 * images never run ahead of its own journal, but they lag it by up to a checkpoint interval, so
 * image suffixes and journal positions disagree. A FOLLOWER is preferred because recovery starts
 * the chosen FE as master and an OBSERVER must first have its ROLE edited. Journals are compared by
 * id, which means something only for FEs that share history; the entry at the last id both hold is
 * also compared byte for byte, so that a divergence is flagged instead of trusted.
 */
final class Recommendation {
  private final List<OfflineMetaDir> dirs;
  private final int lostLimit;

  Recommendation(List<OfflineMetaDir> dirs, int lostLimit) {
    this.dirs = dirs;
    this.lostLimit = lostLimit;
  }

  /** Prints the recommendation; returns 0, or 1 when no meta_dir has a journal to recover from. */
  int print(PrintWriter out) {
    List<OfflineMetaDir> withJournal = dirs.stream().filter(d -> d.journal() != null).toList();
    List<OfflineMetaDir> followers =
        withJournal.stream().filter(d -> d.role().equals("FOLLOWER")).toList();
    List<OfflineMetaDir> pool = followers.isEmpty() ? withJournal : followers;
    if (pool.isEmpty()) {
      out.println("recommendation: none: no meta_dir has a readable journal in bdb/");
      return 1;
    }
    OfflineMetaDir best = pool.get(0);
    for (OfflineMetaDir d : pool) {
      if (d.journal().lastId() > best.journal().lastId()) {
        best = d;
      }
    }
    long bestLast = best.journal().lastId();
    out.println(
        "recommendation: recover from "
            + best.root()
            + " ("
            + best.nodeName()
            + ", "
            + best.role()
            + "): its bdb/ holds journal ids up to "
            + bestLast
            + ", the most of any "
            + (followers.isEmpty() ? "meta_dir" : "FOLLOWER")
            + " given");
    for (OfflineMetaDir d : pool) {
      if (d != best && d.journal().lastId() == bestLast) {
        out.println(
            "  tie: "
                + d.root()
                + " also ends at id "
                + bestLast
                + "; either will do if their entries"
                + " match (checked below), the first given is named");
      }
    }
    if (followers.isEmpty()) {
      out.println(
          "  caution: no FOLLOWER among these meta_dirs; recovery refuses an OBSERVER until its"
              + " image/ROLE says role=FOLLOWER");
    }
    if (dirs.stream().map(OfflineMetaDir::clusterId).distinct().count() > 1) {
      out.println(
          "  caution: these meta_dirs name different clusters in image/VERSION; their journals do not"
              + " share history and comparing them by id means nothing");
    }
    for (OfflineMetaDir d : withJournal) {
      if (d != best) {
        compare(out, best, d);
      }
    }
    for (OfflineMetaDir d : dirs) {
      if (d.journal() == null) {
        out.println("  " + d.root() + ": no journal to compare (" + d.journalProblem() + ")");
      }
    }
    out.println(
        "before recovering, check the chosen meta_dir with: meta_tool.sh verify " + best.root());
    return 0;
  }

  private void compare(PrintWriter out, OfflineMetaDir best, OfflineMetaDir other) {
    BdbSnapshot b = best.journal();
    BdbSnapshot o = other.journal();
    String name = "  " + other.root() + " (" + other.role() + ")";
    long common = Math.min(b.lastId(), o.lastId());
    if (common >= Math.max(b.firstId(), o.firstId()) && common > 0) {
      if (!Arrays.equals(entry(b, common), entry(o, common))) {
        out.println(
            name
                + ": DIVERGED: its entry "
                + common
                + " differs from the one in "
                + best.root()
                + "; the journals split at or before id "
                + common
                + " and comparing them by id is meaningless");
      }
    } else if (o.lastId() > 0 && b.lastId() > 0) {
      out.println(
          name
              + ": shares no journal id with "
              + best.root()
              + " (ids "
              + o.firstId()
              + ".."
              + o.lastId()
              + " vs "
              + b.firstId()
              + ".."
              + b.lastId()
              + "); cannot check that they share history");
    }
    if (o.lastId() <= b.lastId()) {
      out.println(
          name
              + ": loses nothing: its journal ends at id "
              + o.lastId()
              + (o.lastId() < b.lastId()
                  ? ", " + (b.lastId() - o.lastId()) + " behind"
                  : ", the same id"));
      return;
    }
    long from = Math.max(b.lastId() + 1, o.firstId());
    out.println(
        name
            + ": holds "
            + (o.lastId() - from + 1)
            + " entries beyond id "
            + b.lastId()
            + " that recovery from "
            + best.root()
            + " would lose: ids "
            + from
            + ".."
            + o.lastId());
    Map<String, Long> rest = new TreeMap<>();
    long listed = 0;
    for (long next = from; next <= o.lastId(); ) {
      List<Journal.Entry> batch = o.read(next, (int) Math.min(1000, o.lastId() - next + 1));
      if (batch.isEmpty()) {
        break;
      }
      for (Journal.Entry e : batch) {
        String type = typeName(e.data());
        if (listed++ < lostLimit) {
          out.println("    " + e.id() + " " + type);
        } else {
          rest.merge(type, 1L, Long::sum);
        }
      }
      next = batch.get(batch.size() - 1).id() + 1;
    }
    if (!rest.isEmpty()) {
      List<String> counts = new ArrayList<>();
      rest.forEach((type, n) -> counts.add(n + " " + type));
      out.println("    ... and " + (listed - lostLimit) + " more: " + String.join(", ", counts));
    }
  }

  private static byte[] entry(Journal j, long id) {
    List<Journal.Entry> e = j.read(id, 1);
    return e.isEmpty() ? null : e.get(0).data();
  }

  /** The record type's name from an entry's type code, or what is wrong with it. */
  static String typeName(byte[] entry) {
    try {
      RecordType type = RecordType.byCode(RecordCodec.typeCode(entry));
      return type == null ? "UNKNOWN(code " + RecordCodec.typeCode(entry) + ")" : type.name();
    } catch (RuntimeException e) {
      return "UNREADABLE(" + entry.length + " bytes)";
    }
  }
}
