package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.edit.EditLog;
import io.metafe.mysql.Response;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Statement;
import java.util.List;

/**
 * A session's transactions, with MySQL's rules: BEGIN (or START TRANSACTION) opens one, and with
 * autocommit off the first write opens one; COMMIT writes it as one journal entry, ROLLBACK and a
 * closed connection drop it; BEGIN, DDL, ALTER SYSTEM and SET autocommit=1 commit an open one
 * first. Only row changes (INSERT) are held in a transaction. Used by its session's thread only.
 */
final class SessionTransactions {
  private final FeSession session;
  private OpenTransaction open;

  SessionTransactions(FeSession session) {
    this.session = session;
  }

  /** Whether a row change now belongs to a transaction: one is open, or autocommit is off. */
  boolean holdsNextWrite() {
    return open != null || !session.state().autocommit();
  }

  /** For the server status flag SERVER_STATUS_IN_TRANS. */
  boolean inTransaction() {
    return open != null;
  }

  /** BEGIN / START TRANSACTION: commits an open transaction first, as MySQL does. */
  Response begin() {
    Response committed = commit();
    if (committed instanceof Response.Error) {
      return committed;
    }
    open = new OpenTransaction(session.services().maxTransactionBytes().getAsLong());
    return Statements.OK;
  }

  void rollback() {
    open = null;
  }

  /**
   * The catalog a statement of this session reads: the committed one with the open transaction's
   * writes on top.
   */
  Catalog view(Catalog committed) {
    return open == null ? committed : open.view(committed);
  }

  /**
   * Runs a row change inside the transaction (opening one under autocommit=0): checked now, written
   * at COMMIT.
   *
   * @param sql the statement's text, which a non-master FE sends to the master at COMMIT
   */
  Response add(Statement statement, String sql, boolean onMaster) {
    String bound = SessionBound.find(statement);
    if (bound != null && !onMaster) {
      throw SqlException.of(
          SqlError.NOT_SUPPORTED_YET,
          "this write uses "
              + bound
              + " from your session, which"
              + " is not sent to the master at COMMIT; run the transaction on the master FE (see SHOW FRONTENDS), or"
              + " write the value out");
    }
    InsertChange change = session.statements().rowChange(statement);
    if (open == null) {
      open = new OpenTransaction(session.services().maxTransactionBytes().getAsLong());
    }
    if (change.rowCount() == 0) {
      return Statements.OK;
    }
    return open.add(
        change,
        new Forwarder.Write(sql, session.state().currentDatabase()),
        bound,
        session.services().catalog().current());
  }

  /**
   * COMMIT: the open transaction becomes one journal entry, on this FE if it is the master, else on
   * the master, which runs its statements again as one transaction. The transaction ends whatever
   * the outcome.
   *
   * @return OK, or the error; 1180 means it was refused and nothing of it was written
   */
  Response commit() {
    return commit(true);
  }

  /**
   * @param mayForward false on the master's side of a forwarded transaction, which is never
   *     forwarded again
   */
  private Response commit(boolean mayForward) {
    OpenTransaction t = open;
    open = null;
    if (t == null || t.isEmpty()) {
      return Statements.OK;
    }
    EditLog log = session.services().writes().get();
    if (log != null) {
      try {
        log.submit(t.commit(), session.services().writeTimeout());
        return Statements.OK;
      } catch (SqlException refused) {
        return rolledBack(refused.getMessage());
      }
    }
    if (!mayForward) {
      return rolledBack(
          "this FE stopped being the master while it ran the forwarded transaction; retry");
    }
    if (t.boundToThisFe() != null) {
      return rolledBack(
          "this FE stopped being the master while the transaction was open, and the transaction uses "
              + t.boundToThisFe()
              + " from this session, which does not travel to the new master; run it again");
    }
    return session.forward(t.statements());
  }

  /**
   * Ends an open transaction that another statement must not run inside, by committing it (MySQL's
   * implicit commit).
   */
  Response commitImplicitly() {
    return open == null ? null : commit();
  }

  static Response.Error rolledBack(String why) {
    return new Response.Error(
        SqlError.COMMIT_FAILED.code(),
        SqlError.COMMIT_FAILED.sqlState(),
        String.format(
            SqlError.COMMIT_FAILED.format(),
            why + "; the transaction was rolled back and nothing of it" + " was written"));
  }

  /**
   * The master's side of a forwarded transaction: its statements, run again here and committed as
   * one.
   */
  Response runForwarded(List<Forwarder.Write> writes) {
    open = new OpenTransaction(session.services().maxTransactionBytes().getAsLong());
    for (Forwarder.Write write : writes) {
      try {
        if (write.database() != null && !write.database().isEmpty()) {
          session.useDatabase(write.database());
        }
        Statement statement = session.services().parser().parse(write.sql());
        if (!Statements.isRowChange(statement)) {
          open = null;
          return rolledBack(
              "a forwarded transaction holds a statement that is not a row change: " + write.sql());
        }
        add(statement, write.sql(), true);
      } catch (SqlException e) {
        open = null;
        return rolledBack(e.getMessage());
      }
    }
    return commit(false);
  }
}
