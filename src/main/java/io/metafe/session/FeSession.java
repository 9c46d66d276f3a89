package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Table;
import io.metafe.edit.Change;
import io.metafe.edit.EditLog;
import io.metafe.edit.EditLogClosedException;
import io.metafe.journal.JournalException;
import io.metafe.mysql.ColumnMeta;
import io.metafe.mysql.ConnectionInfo;
import io.metafe.mysql.Response;
import io.metafe.mysql.Session;
import io.metafe.records.Column;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.SqlParser;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.TableName;
import io.metafe.sql.eval.LikePattern;
import io.metafe.sql.eval.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MySQL connection's view of MetaFE. Parses each statement, runs reads against the catalog
 * snapshot of the moment, and sends writes through the edit log. Every failure becomes a MySQL
 * error packet; nothing here closes the connection. Used by one connection thread only.
 */
final class FeSession implements Session {
  private static final Logger LOG = LoggerFactory.getLogger(FeSession.class);

  private final SessionServices services;
  private final ConnectionInfo info;
  private final SessionState state;
  private final Statements statements;
  private final SessionTransactions transactions;
  private volatile String currentStatement = "";
  private final long connectedAt;

  FeSession(SessionServices services, ConnectionInfo info) {
    this.services = services;
    this.info = info;
    this.state =
        new SessionState(
            services.variables(),
            info.connectionId(),
            info.user() + "@" + info.remoteAddress(),
            services.clock());
    this.connectedAt = services.clock().wallMillis();
    this.statements = new Statements(this);
    this.transactions = new SessionTransactions(this);
  }

  long connectionId() {
    return info.connectionId();
  }

  ConnectionInfo info() {
    return info;
  }

  SessionState state() {
    return state;
  }

  Statements statements() {
    return statements;
  }

  SessionTransactions transactions() {
    return transactions;
  }

  @Override
  public boolean inTransaction() {
    return transactions.inTransaction();
  }

  @Override
  public boolean autocommit() {
    return state.autocommit();
  }

  SessionServices services() {
    return services;
  }

  String currentStatement() {
    return currentStatement;
  }

  long connectedAt() {
    return connectedAt;
  }

  @Override
  public Response query(String sql) {
    return guarded(sql, () -> run(services.parser().parse(sql), sql));
  }

  /**
   * A statement COM_STMT_PREPARE parsed once, to run many times with different parameter values.
   */
  private record PreparedSql(
      String sql, Statement statement, List<Integer> markers, List<Integer> markerChars) {}

  @Override
  public Response prepare(String sql) {
    try {
      SqlParser.Parsed parsed = services.parser().parseWithParameters(sql);
      if (!parsed.markers().isEmpty() && !Parameters.supported(parsed.statement())) {
        throw SqlException.of(
            SqlError.NOT_SUPPORTED_YET,
            "? parameters in this kind of statement (MetaFE binds"
                + " them in SELECT, INSERT and SET; write the values into the statement)");
      }
      return new Response.Prepared(
          new PreparedSql(sql, parsed.statement(), parsed.markers(), parsed.markerChars()),
          parsed.markers().size(),
          List.of());
    } catch (SqlException e) {
      return new Response.Error(e.code(), e.sqlState(), e.getMessage());
    }
  }

  @Override
  public Response execute(Object handle, List<Object> parameters) {
    if (!(handle instanceof PreparedSql p)) {
      return new Response.Error(
          SqlError.UNKNOWN.code(),
          SqlError.UNKNOWN.sqlState(),
          "not a statement prepared" + " by this session");
    }
    if (parameters.size() != p.markers().size()) {
      return new Response.Error(
          1210,
          "HY000",
          "Incorrect arguments to mysqld_stmt_execute: the statement has "
              + p.markers().size()
              + " parameters and "
              + parameters.size()
              + " values were sent");
    }
    return guarded(
        p.sql(),
        () -> {
          Statement bound = Parameters.bind(p.statement(), p.markers(), parameters);
          // The text, with the values written in, is what a transaction keeps and what travels to
          // the master.
          String text =
              p.markers().isEmpty()
                  ? p.sql()
                  : Parameters.render(p.sql(), p.markerChars(), parameters);
          return run(bound, text);
        });
  }

  /**
   * Runs one statement, turning every failure into the client's error; nothing here closes the
   * connection.
   */
  private Response guarded(String sql, java.util.function.Supplier<Response> statement) {
    currentStatement = sql;
    try {
      state.startStatement();
      return statement.get();
    } catch (SqlException e) {
      return new Response.Error(e.code(), e.sqlState(), e.getMessage());
    } catch (EditLogClosedException | JournalException e) {
      LOG.warn("write failed for connection {}: {}", info.connectionId(), e.getMessage());
      return new Response.Error(
          SqlError.UNKNOWN.code(), SqlError.UNKNOWN.sqlState(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("statement failed unexpectedly on connection {}: {}", info.connectionId(), sql, e);
      return new Response.Error(
          SqlError.UNKNOWN.code(),
          SqlError.UNKNOWN.sqlState(),
          "internal error: " + e + "; see fe.log");
    } finally {
      currentStatement = "";
    }
  }

  private Response run(Statement statement, String sql) {
    boolean onMaster = services.writes().get() != null;
    if (statement instanceof Statement.Transaction t) {
      return switch (t.kind()) {
        case BEGIN -> transactions.begin();
        case COMMIT -> transactions.commit();
        case ROLLBACK -> {
          transactions.rollback();
          yield Statements.OK;
        }
      };
    }
    if (Statements.isWrite(statement)) {
      String target = Statements.writtenDatabase(statement, state.currentDatabase());
      if (InformationSchema.is(target)) {
        throw SqlException.of(
            SqlError.DB_ACCESS_DENIED, info.user() + "'@'%", InformationSchema.NAME);
      }
    }
    if (Statements.isRowChange(statement) && transactions.holdsNextWrite()) {
      return transactions.add(statement, sql, onMaster);
    }
    if (Statements.isWrite(statement) || statement instanceof Statement.LockTables) {
      // MySQL commits an open transaction before DDL and LOCK TABLES.
      Response committed = transactions.commitImplicitly();
      if (committed instanceof Response.Error) {
        return committed;
      }
    }
    if (Statements.isWrite(statement) && !onMaster) {
      String bound = SessionBound.find(statement);
      if (bound != null) {
        return new Response.Error(
            SqlError.NOT_SUPPORTED_YET.code(),
            SqlError.NOT_SUPPORTED_YET.sqlState(),
            "this write uses "
                + bound
                + " from your session, which is not forwarded to the master; run it on"
                + " the master FE (see SHOW FRONTENDS), or write the value out");
      }
      return forward(List.of(new Forwarder.Write(sql, state.currentDatabase())));
    }
    if (Statements.readsCatalog(statement)) {
      String stale = services.cluster().staleness();
      if (stale != null) {
        return new Response.Error(SqlError.UNKNOWN.code(), SqlError.UNKNOWN.sqlState(), stale);
      }
    }
    return statements.execute(statement);
  }

  /** Runs a statement another FE forwarded: writes only, and never forwarded again. */
  Response queryForwarded(String sql) {
    try {
      state.startStatement();
      Statement statement = services.parser().parse(sql);
      if (!Statements.isWrite(statement)) {
        return new Response.Error(
            SqlError.UNKNOWN.code(),
            SqlError.UNKNOWN.sqlState(),
            "only writes are" + " forwarded to the master");
      }
      return statements.execute(statement);
    } catch (SqlException e) {
      return new Response.Error(e.code(), e.sqlState(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("forwarded statement failed: {}", sql, e);
      return new Response.Error(
          SqlError.UNKNOWN.code(), SqlError.UNKNOWN.sqlState(), e.getMessage());
    }
  }

  /** Runs a transaction another FE forwarded at its COMMIT. */
  Response transactionForwarded(List<Forwarder.Write> writes) {
    try {
      state.startStatement();
      return transactions.runForwarded(writes);
    } catch (SqlException e) {
      return new Response.Error(e.code(), e.sqlState(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("forwarded transaction failed", e);
      return new Response.Error(
          SqlError.UNKNOWN.code(), SqlError.UNKNOWN.sqlState(), e.getMessage());
    }
  }

  /**
   * Sends writes to the master and answers only once this FE has replayed them, so that the client
   * reads its own writes here.
   */
  Response forward(List<Forwarder.Write> writes) {
    Forwarder.Forwarded f = services.forwarder().forward(writes, info.user());
    if (f.errorCode() != 0) {
      return new Response.Error(f.errorCode(), f.sqlState(), f.message());
    }
    try {
      if (!services.catalog().awaitJournalId(f.journalId(), services.writeTimeout())) {
        return new Response.Error(
            SqlError.UNKNOWN.code(),
            SqlError.UNKNOWN.sqlState(),
            "the master applied the"
                + " write (journal id "
                + f.journalId()
                + ") but this FE has not replayed it within "
                + services.writeTimeout().toSeconds()
                + " s; it is lagging: read from the master, see SHOW FRONTENDS");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response.Error(
          SqlError.UNKNOWN.code(),
          SqlError.UNKNOWN.sqlState(),
          "interrupted while waiting"
              + " to replay the forwarded write (journal id "
              + f.journalId()
              + "); it was applied on the master");
    }
    return new Response.Ok(f.affectedRows(), 0, 0, "");
  }

  @Override
  public Response initDb(String database) {
    try {
      useDatabase(database);
      return Statements.OK;
    } catch (SqlException e) {
      return new Response.Error(e.code(), e.sqlState(), e.getMessage());
    }
  }

  void useDatabase(String database) {
    if (InformationSchema.is(database)) {
      state.useDatabase(InformationSchema.NAME);
      return;
    }
    if (catalog().database(database).isEmpty()) {
      throw SqlException.of(SqlError.BAD_DB, database);
    }
    state.useDatabase(database);
  }

  @Override
  public Response fieldList(String table, String wildcard) {
    try {
      Table t = table(new TableName(null, table));
      List<ColumnMeta> columns = new ArrayList<>();
      for (Column c : t.definition().columns()) {
        if (wildcard == null || wildcard.isEmpty() || LikePattern.matches(wildcard, c.name())) {
          columns.add(
              Results.meta(state.currentDatabase(), t.name(), c.name(), c.type(), c.nullable()));
        }
      }
      return new Response.ResultSet(columns, List.of());
    } catch (SqlException e) {
      return new Response.Error(e.code(), e.sqlState(), e.getMessage());
    }
  }

  @Override
  public void close() {
    // A transaction still open when its connection ends is rolled back, as in MySQL.
    transactions.rollback();
    services.connections().remove(this);
  }

  /** What this session reads: the committed catalog, with its open transaction's writes on top. */
  Catalog catalog() {
    return transactions.view(services.catalog().current());
  }

  /** The database a statement means: the one it names, or the session's current one. */
  String databaseName(String namedOrNull) {
    String db = namedOrNull != null ? namedOrNull : state.currentDatabase();
    if (db == null) {
      throw SqlException.of(SqlError.NO_DB);
    }
    return db;
  }

  Database database(String namedOrNull) {
    String name = databaseName(namedOrNull);
    if (InformationSchema.is(name)) {
      return InformationSchema.database();
    }
    return catalog().database(name).getOrElseThrow(() -> SqlException.of(SqlError.BAD_DB, name));
  }

  Table table(TableName name) {
    if (InformationSchema.is(databaseName(name.databaseOrNull()))) {
      Table t =
          InformationSchema.table(name.table(), catalog(), statements.shows().processlistRows());
      if (t == null) {
        throw SqlException.of(
            SqlError.UNKNOWN_TABLE_IN_SCHEMA, name.table(), InformationSchema.NAME);
      }
      return t;
    }
    Database db = database(name.databaseOrNull());
    return db.table(name.table())
        .getOrElseThrow(
            () -> SqlException.of(SqlError.NO_SUCH_TABLE, db.name() + "." + name.table()));
  }

  /** Runs a change through the master's write path and waits until it is durable and visible. */
  <R> R write(Change<R> change) {
    EditLog log = services.writes().get();
    if (log == null) {
      throw SqlException.of(
          SqlError.UNKNOWN,
          "this FE is not the master and cannot write yet;"
              + " connect to the master FE (see SHOW FRONTENDS) and run the statement there");
    }
    return log.submit(change, services.writeTimeout());
  }
}
