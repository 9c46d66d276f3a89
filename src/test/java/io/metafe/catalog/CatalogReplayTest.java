package io.metafe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.records.AddFrontend;
import io.metafe.records.Column;
import io.metafe.records.CommitTransaction;
import io.metafe.records.CreateDatabase;
import io.metafe.records.CreateTable;
import io.metafe.records.DataType;
import io.metafe.records.DropDatabase;
import io.metafe.records.DropTable;
import io.metafe.records.FrontendRole;
import io.metafe.records.InsertRows;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.records.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class CatalogReplayTest {

  /**
   * A valid random history: creates, inserts and drops, with ids allocated the way the write path
   * does.
   */
  public static List<JournalRecord> history(long seed, int length) {
    Random random = new Random(seed);
    List<JournalRecord> out = new ArrayList<>();
    Catalog c = Catalog.empty();
    out.add(new AddFrontend("127.0.0.1_9010_1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, 8030));
    c = c.apply(1, out.get(0));
    while (out.size() < length) {
      JournalRecord r;
      int pick = random.nextInt(10);
      List<Database> dbs = c.databases().values().toJavaList();
      if (dbs.isEmpty() || pick == 0) {
        r = new CreateDatabase(c.nextId(), "db" + random.nextInt(1000));
        if (c.database(((CreateDatabase) r).name()).isDefined()) {
          continue;
        }
      } else {
        Database db = dbs.get(random.nextInt(dbs.size()));
        List<Table> tables = db.tables().values().toJavaList();
        if (pick == 1 && dbs.size() > 2) {
          r = new DropDatabase(db.id());
        } else if (tables.isEmpty() || pick == 2) {
          String name = "t" + random.nextInt(1000);
          if (db.table(name).isDefined()) {
            continue;
          }
          r =
              new CreateTable(
                  db.id(),
                  new TableDefinition(
                      c.nextId(),
                      name,
                      List.of(
                          new Column("k", DataType.BIGINT, false, null, ""),
                          new Column("v", DataType.varchar(20), true, null, "")),
                      "DUPLICATE",
                      List.of("k"),
                      "HASH",
                      List.of("k"),
                      3,
                      Map.of(),
                      ""));
        } else if (pick == 3) {
          r = new DropTable(db.id(), tables.get(0).id());
        } else if (pick == 4) {
          r =
              new CommitTransaction(
                  List.of(
                      new InsertRows(
                          db.id(),
                          tables.get(0).id(),
                          List.<Object[]>of(new Object[] {random.nextLong(), "tx"})),
                      new InsertRows(
                          db.id(),
                          tables.get(tables.size() - 1).id(),
                          List.<Object[]>of(new Object[] {random.nextLong(), null}))));
        } else {
          Table t = tables.get(random.nextInt(tables.size()));
          List<Object[]> rows = new ArrayList<>();
          for (int i = random.nextInt(5) + 1; i > 0; i--) {
            rows.add(
                new Object[] {
                  random.nextLong(), random.nextBoolean() ? null : "v" + random.nextInt()
                });
          }
          r = new InsertRows(db.id(), t.id(), rows);
        }
      }
      c = c.apply(c.journalId() + 1, r);
      out.add(r);
    }
    return out;
  }

  public static Catalog replay(List<JournalRecord> records) {
    Catalog c = Catalog.empty();
    for (JournalRecord r : records) {
      c = c.apply(c.journalId() + 1, RecordCodec.decode(RecordCodec.encode(r)));
    }
    return c;
  }

  @Test
  void replayingTheSameRecordsAlwaysGivesTheSameState() {
    for (long seed = 1; seed <= 20; seed++) {
      List<JournalRecord> history = history(seed, 300);
      Catalog a = replay(history);
      Catalog b = replay(history);
      assertThat(a.journalId()).isEqualTo(300);
      assertThat(CatalogDigest.of(a)).isEqualTo(CatalogDigest.of(b));
    }
  }

  @Test
  void differentHistoriesGiveDifferentDigests() {
    assertThat(CatalogDigest.of(replay(history(1, 200))))
        .isNotEqualTo(CatalogDigest.of(replay(history(2, 200))));
    List<JournalRecord> h = history(3, 100);
    assertThat(CatalogDigest.of(replay(h)))
        .isNotEqualTo(CatalogDigest.of(replay(h.subList(0, 99))));
  }

  @Test
  void applyLeavesTheOldCatalogUntouched() {
    Catalog before = Catalog.empty().apply(1, new CreateDatabase(10_000, "a"));
    String digest = CatalogDigest.of(before);
    Catalog after = before.apply(2, new CreateDatabase(10_001, "b"));
    assertThat(CatalogDigest.of(before)).isEqualTo(digest);
    assertThat(before.databases().keySet()).containsExactly("a");
    assertThat(after.databases().keySet()).containsExactly("a", "b");
    assertThat(after.nextId()).isEqualTo(10_002);
  }

  @Test
  void outOfSequenceIdsAndContradictionsAreRefused() {
    Catalog c = Catalog.empty().apply(1, new CreateDatabase(10_000, "a"));
    assertThatThrownBy(() -> c.apply(3, new CreateDatabase(10_001, "b")))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("does not follow 1");
    assertThatThrownBy(() -> c.apply(2, new CreateDatabase(10_001, "a")))
        .isInstanceOf(ReplayException.class);
    assertThatThrownBy(() -> c.apply(2, new DropTable(10_000, 5)))
        .isInstanceOf(ReplayException.class);
  }

  @Test
  void aTransactionAppliesAllItsRowsUnderOneIdOrNone() {
    Catalog c =
        Catalog.empty()
            .apply(1, new CreateDatabase(1, "db"))
            .apply(
                2,
                new CreateTable(
                    1,
                    new TableDefinition(
                        2,
                        "a",
                        List.of(new Column("k", DataType.BIGINT, false, null, "")),
                        "DUPLICATE",
                        List.of("k"),
                        "HASH",
                        List.of("k"),
                        1,
                        Map.of(),
                        "")))
            .apply(
                3,
                new CreateTable(
                    1,
                    new TableDefinition(
                        3,
                        "b",
                        List.of(new Column("k", DataType.BIGINT, false, null, "")),
                        "DUPLICATE",
                        List.of("k"),
                        "HASH",
                        List.of("k"),
                        1,
                        Map.of(),
                        "")));
    Catalog after =
        c.apply(
            4,
            new CommitTransaction(
                List.of(
                    new InsertRows(1, 2, List.<Object[]>of(new Object[] {1L}, new Object[] {2L})),
                    new InsertRows(1, 3, List.<Object[]>of(new Object[] {3L})))));
    assertThat(after.journalId()).isEqualTo(4);
    assertThat(after.database("db").get().table("a").get().rows().size()).isEqualTo(2);
    assertThat(after.database("db").get().table("b").get().rows().size()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                c.apply(
                    4,
                    new CommitTransaction(
                        List.of(
                            new InsertRows(1, 2, List.<Object[]>of(new Object[] {1L})),
                            new InsertRows(1, 99, List.<Object[]>of(new Object[] {3L}))))))
        .isInstanceOf(ReplayException.class);
    assertThat(c.database("db").get().table("a").get().rows().size()).isZero();
  }
}
