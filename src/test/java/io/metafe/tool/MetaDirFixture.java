package io.metafe.tool;

import io.metafe.catalog.Catalog;
import io.metafe.image.ImageStore;
import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.journal.bdb.BdbJournal;
import io.metafe.journal.bdb.BdbOptions;
import io.metafe.metadir.ClusterIdentity;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.NodeIdentity;
import io.metafe.records.AddFrontend;
import io.metafe.records.Column;
import io.metafe.records.CreateDatabase;
import io.metafe.records.CreateTable;
import io.metafe.records.DataType;
import io.metafe.records.FrontendRole;
import io.metafe.records.InsertRows;
import io.metafe.records.JournalRecord;
import io.metafe.records.MasterInfo;
import io.metafe.records.RecordCodec;
import io.metafe.records.TableDefinition;
import io.metafe.time.Clock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Real meta_dirs for the tool's tests: ROLE and VERSION written by MetaDir, images by
 * ImageStore.checkpoint, and the journal by BdbJournal in a real single-node bdbje group, as an FE
 * writes them.
 */
final class MetaDirFixture {
  static final int CLUSTER = 4242;
  static final long DB = 10_000;
  static final long TABLE = 10_001;

  private MetaDirFixture() {}

  /**
   * A valid history of {@code n} entries: an FE, a master, a database, a table of every kind of
   * value, then inserts, and a second database every 10th entry so that types vary.
   *
   * @param variant changes the inserted values, to make histories that diverge
   */
  static List<JournalRecord> history(int n, int variant) {
    List<JournalRecord> out = new ArrayList<>();
    out.add(new AddFrontend("127.0.0.1_9010_1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, 8030));
    out.add(new MasterInfo("127.0.0.1_9010_1", "127.0.0.1", 9010, 8030, 9020, 9030, 1));
    out.add(new CreateDatabase(DB, "shop"));
    out.add(
        new CreateTable(
            DB,
            new TableDefinition(
                TABLE,
                "orders",
                List.of(
                    new Column("id", DataType.BIGINT, false, null, ""),
                    new Column("region", DataType.varchar(16), true, "north", "where"),
                    new Column("amount", DataType.decimal(10, 2), true, null, ""),
                    new Column("day", DataType.DATE, true, null, ""),
                    new Column("at", DataType.DATETIME, true, null, ""),
                    new Column("ratio", DataType.DOUBLE, true, null, ""),
                    new Column("ok", DataType.BOOLEAN, true, null, "")),
                "DUPLICATE",
                List.of("id"),
                "HASH",
                List.of("id"),
                8,
                Map.of("replication_num", "1"),
                "orders")));
    long nextDb = 20_000;
    for (int i = out.size() + 1; out.size() < n; i++) {
      if (i % 10 == 0) {
        out.add(new CreateDatabase(nextDb, "db" + nextDb));
        nextDb++;
        continue;
      }
      List<Object[]> rows =
          List.of(
              new Object[] {
                (long) i,
                "south",
                new BigDecimal("10.50"),
                LocalDate.of(2024, 1, 2),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                0.25 + variant,
                true
              },
              new Object[] {(long) i + 1000, null, null, null, null, null, null});
      out.add(new InsertRows(DB, TABLE, rows));
    }
    return out;
  }

  static Catalog replay(List<JournalRecord> records, int upTo) {
    Catalog c = Catalog.empty();
    for (int i = 0; i < upTo; i++) {
      c = c.apply(i + 1, records.get(i));
    }
    return c;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One FE's meta_dir. */
  record Fe(Path root, String name, BdbOptions options) {
    MetaDir metaDir() {
      return new MetaDir(root);
    }

    /** Opens the environment as the FE does; the caller closes it. */
    BdbEnvironment openEnvironment() {
      return BdbEnvironment.open(options, Clock.system());
    }

    /** Appends entries one per commit, so that segments roll every {@code rollEvery} entries. */
    Fe journal(List<JournalRecord> records, long rollEvery) {
      try (BdbEnvironment env = openEnvironment()) {
        BdbJournal j = BdbJournal.open(env, () -> rollEvery, Clock.system());
        for (JournalRecord r : records) {
          j.append(List.of(RecordCodec.encode(r)));
        }
        j.close();
      }
      return this;
    }

    /**
     * Deletes whole segments through {@code lastDeletable}, as the master's JournalTrimmer does.
     */
    Fe trim(long lastDeletable) {
      try (BdbEnvironment env = openEnvironment()) {
        BdbJournal j = BdbJournal.open(env, () -> 10, Clock.system());
        j.deleteThrough(lastDeletable);
        j.close();
      }
      return this;
    }

    Fe image(List<JournalRecord> history, int journalId) throws Exception {
      new ImageStore(metaDir().imageDir())
          .checkpoint(replay(history, journalId), CLUSTER, Clock.system());
      return this;
    }
  }

  static Fe create(Path root, FrontendRole role) throws Exception {
    int port = freePort();
    String name = "127.0.0.1_" + port + "_1";
    MetaDir dir = new MetaDir(root);
    dir.create(new ClusterIdentity(CLUSTER, "secret-token"), new NodeIdentity(role, name));
    String self = "127.0.0.1:" + port;
    BdbOptions options =
        new BdbOptions(
            dir.bdbDir(),
            BdbOptions.GROUP_NAME,
            name,
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
            10,
            0,
            5000);
    return new Fe(root, name, options);
  }

  /**
   * Path, size, modification time and SHA-256 of every file under the roots: what "unchanged"
   * means.
   */
  static Map<String, String> fingerprint(Path... roots) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.toList()) {
          // je.lck is never read: closing any file handle on it drops every lock this process holds
          // on it, such as that of an environment a test keeps open. Its size and time suffice: JE
          // never writes into it.
          String what =
              Files.isDirectory(f)
                  ? "dir"
                  : Files.size(f)
                      + " "
                      + Files.getLastModifiedTime(f).toMillis()
                      + (f.getFileName().toString().equals("je.lck")
                          ? ""
                          : " "
                              + HexFormat.of()
                                  .formatHex(
                                      MessageDigest.getInstance("SHA-256")
                                          .digest(Files.readAllBytes(f))));
          out.put(f.toString(), what);
        }
      }
    }
    return out;
  }

  /** The outcome of one in-process run of the tool. */
  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MetaTool.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }
}
