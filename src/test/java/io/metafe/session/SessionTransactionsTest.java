package io.metafe.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.edit.EditLog;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.mysql.Response;
import io.metafe.records.CommitTransaction;
import io.metafe.records.InsertRows;
import io.metafe.records.RecordCodec;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions of MySQL sessions on one FE, over an in-memory journal; a fake forwarder stands for
 * the master.
 */
class SessionTransactionsTest {
  private final SessionFixture fe = new SessionFixture();
  private final MemoryJournal journal = fe.journal;
  private final AtomicReference<EditLog> writes = fe.writes;
  private final List<List<Forwarder.Write>> forwarded = fe.forwarded;
  private final SessionServices services = fe.services;

  @BeforeEach
  void start() {
    FeSession admin = session();
    ok(admin, "CREATE DATABASE db");
    ok(admin, "CREATE TABLE db.t (k INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(k)");
    ok(admin, "CREATE TABLE db.u (k INT NOT NULL) DUPLICATE KEY(k)");
  }

  @AfterEach
  void stop() {
    fe.close();
  }

  private FeSession session() {
    return fe.session();
  }

  private static Response ok(FeSession s, String sql) {
    return SessionFixture.ok(s, sql);
  }

  private static String count(FeSession s, String table) {
    return SessionFixture.count(s, table);
  }

  @Test
  void writesAreVisibleToTheirSessionAtOnceAndToOthersOnlyAtCommitAsOneEntry() {
    FeSession a = session();
    FeSession b = session();
    long before = journal.lastId();
    ok(a, "BEGIN");
    assertThat(a.inTransaction()).isTrue();
    assertThat(((Response.Ok) ok(a, "INSERT INTO db.t VALUES (1, 'x'), (2, 'y')")).affectedRows())
        .isEqualTo(2);
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
    assertThat(((CommitTransaction) entry).changes())
        .extracting(InsertRows::rows)
        .extracting(List::size)
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
    assertThat(((Response.ResultSet) a.query("SELECT @@autocommit")).rows().get(0).get(0))
        .isEqualTo("1");
    assertThat(a.query("SET autocommit = 2"))
        .isInstanceOfSatisfying(Response.Error.class, e -> assertThat(e.code()).isEqualTo(1231));
  }

  @Test
  void aFailedStatementLeavesTheTransactionAsItWasAndDdlCommitsItFirst() {
    FeSession a = session();
    ok(a, "BEGIN");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    assertThat(a.query("INSERT INTO db.t VALUES (NULL, 'y')"))
        .isInstanceOfSatisfying(Response.Error.class, e -> assertThat(e.code()).isEqualTo(1048));
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
    assertThat(a.query("COMMIT"))
        .isInstanceOfSatisfying(
            Response.Error.class,
            e -> {
              assertThat(e.code()).isEqualTo(1180);
              assertThat(e.message())
                  .contains("was dropped", "rolled back and nothing of it was written");
            });
    assertThat(journal.lastId()).isEqualTo(before);
    assertThat(count(session(), "db.t")).isEqualTo("0");
    assertThat(a.inTransaction()).isFalse();
  }

  @Test
  void aStatementThatWouldOutgrowTheLimitFailsAndTheTransactionStaysOpen() {
    fe.maxTransactionBytes = 100;
    FeSession a = session();
    ok(a, "BEGIN");
    ok(a, "INSERT INTO db.t VALUES (1, 'x')");
    assertThat(
            a.query(
                "INSERT INTO db.t VALUES (2, '"
                    + "z".repeat(19)
                    + "'), (3, 'q'), (4, 'r'), (5, 's')"))
        .isInstanceOfSatisfying(
            Response.Error.class,
            e -> {
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
    assertThat(a.query("INSERT INTO t VALUES (CONNECTION_ID(), 'x')"))
        .isInstanceOfSatisfying(
            Response.Error.class,
            e ->
                assertThat(e.message())
                    .contains("CONNECTION_ID()", "run the transaction on the master"));
    assertThat(forwarded).isEmpty();
    ok(a, "COMMIT");
    assertThat(forwarded)
        .containsExactly(
            List.of(
                new Forwarder.Write("INSERT INTO t VALUES (1, 'x')", "db"),
                new Forwarder.Write("INSERT INTO db.u VALUES (2)", "db")));
  }

  @Test
  void theMasterRunsAForwardedTransactionAsOneEntryOrNotAtAll() {
    ForwardedStatements master = new ForwardedStatements(services);
    long before = journal.lastId();
    Forwarder.Forwarded f =
        master.execute(
            List.of(
                new Forwarder.Write("INSERT INTO t VALUES (1, 'x')", "db"),
                new Forwarder.Write("INSERT INTO u VALUES (2)", "db")),
            "root",
            "127.0.0.2");
    assertThat(f.errorCode()).isZero();
    assertThat(journal.lastId()).isEqualTo(before + 1);
    f =
        master.execute(
            List.of(
                new Forwarder.Write("INSERT INTO t VALUES (3, 'x')", "db"),
                new Forwarder.Write("INSERT INTO nowhere VALUES (2)", "db")),
            "root",
            "127.0.0.2");
    assertThat(f.errorCode()).isEqualTo(1180);
    assertThat(f.message()).contains("nowhere", "nothing of it was written");
    f =
        master.execute(
            List.of(
                new Forwarder.Write("INSERT INTO t VALUES (3, 'x')", "db"),
                new Forwarder.Write("DROP TABLE u", "db")),
            "root",
            "127.0.0.2");
    assertThat(f.errorCode()).isEqualTo(1180);
    assertThat(journal.lastId()).isEqualTo(before + 1);
    assertThat(count(session(), "db.t")).isEqualTo("1");
  }

  @Test
  void aForwardedTransactionIsNeverForwardedAgainByAnFeThatStoppedBeingMaster() {
    writes.set(null);
    Response r =
        session()
            .transactionForwarded(
                List.of(
                    new Forwarder.Write("INSERT INTO t VALUES (1, 'x')", "db"),
                    new Forwarder.Write("INSERT INTO u VALUES (2)", "db")));
    assertThat(r)
        .isInstanceOfSatisfying(
            Response.Error.class,
            e -> {
              assertThat(e.code()).isEqualTo(1180);
              assertThat(e.message()).contains("stopped being the master");
            });
    assertThat(forwarded).isEmpty();
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
}
