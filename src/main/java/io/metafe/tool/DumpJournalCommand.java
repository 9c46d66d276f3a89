package io.metafe.tool;

import io.metafe.journal.Journal;
import io.metafe.journal.bdb.BdbSnapshot;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.records.RecordType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dump-journal DIR}: the journal in bdb/ as JSON lines, one entry per line, for jq and grep.
 */
@Command(
    name = "dump-journal",
    mixinStandardHelpOptions = true,
    header = "Print the journal in DIR/bdb/ as JSON lines.",
    description =
        "Prints the journal entries in DIR/bdb/ as one JSON object per line:"
            + " {\"id\":..,\"type\":\"CREATE_TABLE\",\"version\":1, <the record's fields>}; a record's own id prints as"
            + " databaseId (etc.). An entry that does not decode prints its id, typeCode, version and error instead,"
            + " and the exit status is then 1.")
final class DumpJournalCommand implements Callable<Integer> {
  private static final int BATCH = 1000;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "meta_dir of a stopped FE (or a copy)")
  private Path dir;

  @Option(
      names = "--from",
      paramLabel = "N",
      description = "first journal id (default: the oldest held)")
  private Long from;

  @Option(
      names = "--to",
      paramLabel = "M",
      description = "last journal id (default: the newest held)")
  private Long to;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (OfflineMetaDir d = OfflineMetaDir.open(dir)) {
      BdbSnapshot j = d.journal();
      if (j == null) {
        throw new ToolException(1, d.root() + ": no journal: " + d.journalProblem());
      }
      long first = from == null ? j.firstId() : from;
      if (first < j.firstId()) {
        // Deleted segments are gone for good; dumping what is left is more useful than refusing.
        err.println(
            "note: ids "
                + first
                + ".."
                + (j.firstId() - 1)
                + " are no longer held; starting at "
                + j.firstId());
        first = j.firstId();
      }
      long last = to == null ? j.lastId() : Math.min(to, j.lastId());
      int failures = 0;
      for (long next = first; next <= last; ) {
        List<Journal.Entry> batch = j.read(next, (int) Math.min(BATCH, last - next + 1));
        if (batch.isEmpty()) {
          break;
        }
        for (Journal.Entry e : batch) {
          Map<String, Object> line = describe(e);
          failures += line.containsKey("error") ? 1 : 0;
          out.println(Json.line(line));
        }
        next = batch.get(batch.size() - 1).id() + 1;
      }
      out.flush();
      if (failures > 0) {
        err.println(
            "meta_tool: " + failures + " entries do not decode; see their \"error\" fields");
      }
      return failures > 0 ? 1 : 0;
    }
  }

  /**
   * id, type and payload version first, then the record's own fields in declaration order. A field
   * that would take one of the first three names is named after what the record is about instead:
   * CREATE_DATABASE's {@code id} prints as {@code databaseId}.
   */
  static Map<String, Object> describe(Journal.Entry e) {
    byte[] data = e.data();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", e.id());
    try {
      JournalRecord record = RecordCodec.decode(data);
      line.put("type", record.type().name());
      line.put("version", data[2] & 0xff);
      Json.fields((Record) record)
          .forEach(
              (name, value) ->
                  line.put(
                      line.containsKey(name)
                          ? noun(record.type())
                              + Character.toUpperCase(name.charAt(0))
                              + name.substring(1)
                          : name,
                      value));
    } catch (RuntimeException bad) {
      line.put("typeCode", data.length >= 3 ? RecordCodec.typeCode(data) : null);
      line.put("version", data.length >= 3 ? data[2] & 0xff : null);
      line.put("error", bad.getMessage());
    }
    return line;
  }

  /** {@code CREATE_DATABASE} -> {@code database}: the object a record type is about. */
  private static String noun(RecordType type) {
    String name = type.name();
    String[] words = name.substring(name.indexOf('_') + 1).toLowerCase(Locale.ROOT).split("_");
    StringBuilder b = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return b.toString();
  }
}
