package io.metafe.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.EditLog;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.mysql.ConnectionInfo;
import io.metafe.mysql.Response;
import io.metafe.records.CommitTransaction;
import io.metafe.records.InsertRows;
import io.metafe.records.RecordCodec;
import io.metafe.sql.SqlParser;
import io.metafe.sql.eval.QueryEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transactions of MySQL sessions on one FE, over an in-memory journal; a fake forwarder stands for the master. */
class SessionTransactionsTest {
  private final MemoryJournal journal = new MemoryJournal();
  private final CatalogHolder holder = new CatalogHolder(Catalog.empty());
  private final EditLog log = new EditLog(journal, holder, 64, reason -> { });
  private final AtomicReference<EditLog> writes = new AtomicReference<>(log);
  private final List<List<Forwarder.Write>> forwarded = new ArrayList<>();
  private long maxBytes = 1 << 20;
  private SessionServices services;

  @BeforeEach
  void start() {
    log.start();
    Forwarder forwarder = (list, user) -> {
      forwarded.add(list);
      return new Forwarder.Forwarded(0, "00000", "", 0, holder.current().journalId());
    };
    services = new SessionServices(holder, writes::get, Duration.ofSeconds(10), new SqlParser("8.0.33"),
        new QueryEngine(), new SystemVariables("8.0.33", "test", 9030, "UTC", 300), new QuietCluster(),
        List::of, new ConnectionRegistry(), forwarder, () -> maxBytes);
    FeSession admin = session();
    ok(admin, "CREATE DATABASE db");
    ok(admin, "CREATE TABLE db.t (k INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(k)");
    ok(admin, "CREATE TABLE db.u (k INT NOT NULL) DUPLICATE KEY(k)");
  }

  @AfterEach
  void stop() {
    log.close();
  }

  private FeSession session() {
    return new FeSession(services, new ConnectionInfo(1, "root", "127.0.0.1:1"));
  }

  private static Response ok(FeSession s, String sql) {
    Response r = s.query(sql);
    assertThat(r).as(sql).isNotInstanceOf(Response.Error.class);
    return r;
  }

  private static String count(FeSession s, String table) {
    Response r = s.query("SELECT COUNT(*) FROM " + table);
    assertThat(r).as("count of " + table).isInstanceOf(Response.ResultSet.class);
    return ((Response.ResultSet) r).rows().get(0).get(0);
  }

  @Test
  void writesAreVisibleToTheirSessionAtOnceAndToOthersOnlyAtCommitAsOneEntry() {
    FeSession a = session();
    FeSession b = session();
    long before = journal.lastId();
    ok(a, "BEGIN");
    assertThat(a.inTransaction()).isTrue();
    assertThat(((Response.Ok) ok(a, "INSERT INTO db.t VALUES (1, 'x'), (2, 'y')")).affectedRows()).isEqualTo(2);
    ok(a, "INSERT INTO db.u VALUES (7)");
    ok(a, "INSERT INTO db.u SELECT k FROM db.t");
    assertThat(count(a, "db.t")).isEqualTo("2");
    assertThat(count(a, "db.u")).isEqualTo("3");
    assertThat(count(b, "db.t")).isEqualTo("0");
    assertThat(journal.lastId()).isEqualTo(before);

    ok(a, "COMMIT");
    assertThat(a.inTransaction()).isFalse();
    assertThat(count(b, "db.t")).isEqualTo("2");
    assertThat(count(b, "db.u")).isEqualTo("3");
    assertThat(journal.lastId()).isEqualTo(before + 1);
    var entry = RecordCodec.decode(journal.read(before + 1, 1).get(0).data());
    assertThat(entry).isInstanceOf(CommitTransaction.class);
    assertThat(((CommitTransaction) entry).changes()).extracting(InsertRows::rows).extracting(List::size)
        .containsExactly(2, 1, 2);
  }

  @Test
  void rollbackAndAClosedConnectionDropEverything() {
    FeSession a = session();
    long before = journal.lastId();
    ok(a, "START TRANSACTION");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    ok(a, "ROLLBACK");
    assertThat(count(a, "db.t")).isEqualTo("0");
    ok(a, "BEGIN");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    a.close();
    assertThat(count(session(), "db.t")).isEqualTo("0");
    assertThat(journal.lastId()).isEqualTo(before);
  }

  @Test
  void autocommitOffHoldsWritesUntilCommitAndTurningItOnCommits() {
    FeSession a = session();
    ok(a, "SET autocommit=0");
    assertThat(a.autocommit()).isFalse();
    assertThat(a.inTransaction()).isFalse();
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    assertThat(a.inTransaction()).isTrue();
    assertThat(count(session(), "db.t")).isEqualTo("0");
    ok(a, "COMMIT");
    assertThat(count(session(), "db.t")).isEqualTo("1");
    ok(a, "INSERT INTO db.t VALUES (2, 'y')");
    ok(a, "SET SESSION autocommit = ON");
    assertThat(count(session(), "db.t")).isEqualTo("2");
    assertThat(((Response.ResultSet) a.query("SELECT @@autocommit")).rows().get(0).get(0)).isEqualTo("1");
    assertThat(a.query("SET autocommit = 2")).isInstanceOfSatisfying(Response.Error.class,
        e -> assertThat(e.code()).isEqualTo(1231));
  }

  @Test
  void aFailedStatementLeavesTheTransactionAsItWasAndDdlCommitsItFirst() {
    FeSession a = session();
    ok(a, "BEGIN");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    assertThat(a.query("INSERT INTO db.t VALUES (NULL, 'y')")).isInstanceOfSatisfying(Response.Error.class,
        e -> assertThat(e.code()).isEqualTo(1048));
    assertThat(a.inTransaction()).isTrue();
    ok(a, "CREATE DATABASE other");
    assertThat(a.inTransaction()).isFalse();
    assertThat(count(session(), "db.t")).isEqualTo("1");
  }

  @Test
  void aTableDroppedBeforeCommitFailsTheWholeCommitWithNothingWritten() {
    FeSession a = session();
    ok(a, "BEGIN");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    ok(a, "INSERT INTO db.u VALUES (1)");
    ok(session(), "DROP TABLE db.u");
    long before = journal.lastId();
    assertThat(a.query("COMMIT")).isInstanceOfSatisfying(Response.Error.class, e -> {
      assertThat(e.code()).isEqualTo(1180);
      assertThat(e.message()).contains("was dropped", "rolled back and nothing of it was written");
    });
    assertThat(journal.lastId()).isEqualTo(before);
    assertThat(count(session(), "db.t")).isEqualTo("0");
    assertThat(a.inTransaction()).isFalse();
  }

  @Test
  void aStatementThatWouldOutgrowTheLimitFailsAndTheTransactionStaysOpen() {
    maxBytes = 100;
    FeSession a = session();
    ok(a, "BEGIN");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    assertThat(a.query("INSERT INTO db.t VALUES (2, '" + "z".repeat(19) + "'), (3, 'q'), (4, 'r'), (5, 's')"))
        .isInstanceOfSatisfying(Response.Error.class, e -> {
          assertThat(e.code()).isEqualTo(1197);
          assertThat(e.message()).contains("max_transaction_bytes (100)");
        });
    ok(a, "COMMIT");
    assertThat(count(session(), "db.t")).isEqualTo("1");
  }

  @Test
  void onANonMasterTheCommitSendsTheStatementsAsOneUnitAndSessionValuesAreRefused() {
    writes.set(null);
    FeSession a = session();
    ok(a, "USE db");
    ok(a, "BEGIN");
    ok(a, "INSERT INTO t VALUES (1, 'x')");
    ok(a, "INSERT INTO db.u VALUES (2)");
    assertThat(count(a, "db.t")).isEqualTo("1");
    assertThat(a.query("INSERT INTO t VALUES (CONNECTION_ID(), 'x')")).isInstanceOfSatisfying(Response.Error.class,
        e -> assertThat(e.message()).contains("CONNECTION_ID()", "run the transaction on the master"));
    assertThat(forwarded).isEmpty();
    ok(a, "COMMIT");
    assertThat(forwarded).containsExactly(List.of(new Forwarder.Write("INSERT INTO t VALUES (1, 'x')", "db"),
        new Forwarder.Write("INSERT INTO db.u VALUES (2)", "db")));
  }

  @Test
  void theMasterRunsAForwardedTransactionAsOneEntryOrNotAtAll() {
    ForwardedStatements master = new ForwardedStatements(services);
    long before = journal.lastId();
    Forwarder.Forwarded f = master.execute(List.of(new Forwarder.Write("INSERT INTO t VALUES (1, 'x')", "db"),
        new Forwarder.Write("INSERT INTO u VALUES (2)", "db")), "root", "127.0.0.2");
    assertThat(f.errorCode()).isZero();
    assertThat(journal.lastId()).isEqualTo(before + 1);
    f = master.execute(List.of(new Forwarder.Write("INSERT INTO t VALUES (3, 'x')", "db"),
        new Forwarder.Write("INSERT INTO nowhere VALUES (2)", "db")), "root", "127.0.0.2");
    assertThat(f.errorCode()).isEqualTo(1180);
    assertThat(f.message()).contains("nowhere", "nothing of it was written");
    f = master.execute(List.of(new Forwarder.Write("INSERT INTO t VALUES (3, 'x')", "db"),
        new Forwarder.Write("DROP TABLE u", "db")), "root", "127.0.0.2");
    assertThat(f.errorCode()).isEqualTo(1180);
    assertThat(journal.lastId()).isEqualTo(before + 1);
    assertThat(count(session(), "db.t")).isEqualTo("1");
  }

  @Test
  void lockTablesIsAcceptedAndCommitsAnOpenTransaction() {
    FeSession a = session();
    ok(a, "BEGIN");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    ok(a, "LOCK TABLES db.t WRITE, db.u AS x READ LOCAL");
    assertThat(count(session(), "db.t")).isEqualTo("1");
    ok(a, "UNLOCK TABLES");
  }

  /** A healthy single FE: nothing stale, nobody else to ask. */
  private static final class QuietCluster implements ClusterView {
    @Override
    public String selfName() {
      return "fe1";
    }

    @Override
    public int clusterId() {
      return 1;
    }

    @Override
    public String masterName() {
      return "fe1";
    }

    @Override
    public boolean isJoined(Frontend fe) {
      return true;
    }

    @Override
    public void removeFromGroup(String nodeName) {}

    @Override
    public String staleness() {
      return null;
    }

    @Override
    public String hostName(String ip) {
      return ip;
    }

    @Override
    public FrontendStatus status(Frontend fe) {
      return new FrontendStatus(true, 0, 0, 0, 0, 0, 0, "", "", 0, 0, "");
    }

    @Override
    public List<String> createImages() {
      return List.of();
    }

    @Override
    public void setFrontendConfig(Map<String, String> values) {}
  }
}
