package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.edit.Change;
import io.metafe.mysql.Response;
import io.metafe.records.CommitTransaction;
import io.metafe.records.InsertRows;
import io.metafe.records.JournalRecord;
import io.metafe.records.RecordCodec;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one session's open transaction, held until COMMIT. Each write was checked against
 * the session's view when it ran; at COMMIT they are checked again, against the catalog of that
 * moment, and become one journal entry. Used by its session's thread only.
 */
final class OpenTransaction {
  private final long maxBytes;
  private final List<InsertChange> changes = new ArrayList<>();
  private final List<Forwarder.Write> statements = new ArrayList<>();
  private String boundToThisFe;
  private long bytes;
  private Catalog viewBase;
  private Catalog view;

  /**
   * @param maxBytes the most bytes the transaction's journal entry may take ({@code
   *     max_transaction_bytes})
   */
  OpenTransaction(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Adds a write after checking it against {@code committed} with this transaction's earlier writes
   * on top.
   *
   * @param sessionBound what the statement uses from its session (null for nothing): such a
   *     transaction can only commit on this FE
   * @throws SqlException what the statement alone would have raised; 1197 when the transaction
   *     would outgrow its limit. The transaction then stays as it was, as MySQL rolls back only the
   *     failed statement.
   */
  Response add(
      InsertChange change, Forwarder.Write statement, String sessionBound, Catalog committed) {
    Catalog before = view(committed);
    Change.Proposal<Response> proposal = change.propose(before);
    long size = 0;
    Catalog after = before;
    for (JournalRecord record : proposal.records()) {
      size += RecordCodec.encode(record).length;
      after = after.apply(after.journalId() + 1, record);
    }
    if (bytes + size > maxBytes) {
      throw SqlException.of(
          SqlError.TRANSACTION_TOO_LARGE,
          "this transaction's writes would take "
              + (bytes + size)
              + " bytes in the journal, more than max_transaction_bytes ("
              + maxBytes
              + "); this statement was not"
              + " added: COMMIT what the transaction holds and go on in a new one, or raise max_transaction_bytes in"
              + " fe.conf");
    }
    changes.add(change);
    statements.add(statement);
    bytes += size;
    if (boundToThisFe == null) {
      boundToThisFe = sessionBound;
    }
    view = after;
    return proposal.result();
  }

  /**
   * What the session reads: the newest committed catalog with this transaction's writes on top. A
   * write that no longer fits (its table was dropped meanwhile) fails the read with the reason;
   * COMMIT would fail the same way.
   */
  Catalog view(Catalog committed) {
    if (changes.isEmpty()) {
      return committed;
    }
    if (viewBase != committed) {
      Catalog next = committed;
      for (InsertChange change : changes) {
        for (JournalRecord record : change.propose(next).records()) {
          next = next.apply(next.journalId() + 1, record);
        }
      }
      viewBase = committed;
      view = next;
    }
    return view;
  }

  /** The statements in the order they ran, for a master that runs them again as one transaction. */
  List<Forwarder.Write> statements() {
    return List.copyOf(statements);
  }

  /**
   * What a statement of this transaction used from its session, or null: then it can commit on
   * another FE.
   */
  String boundToThisFe() {
    return boundToThisFe;
  }

  /**
   * The whole transaction as one change: every write checked again against the catalog it will
   * follow, and all of their rows in one journal entry.
   */
  Change<Response> commit() {
    List<InsertChange> all = List.copyOf(changes);
    return catalog -> {
      List<InsertRows> rows = new ArrayList<>(all.size());
      for (InsertChange change : all) {
        // An insert does not change what the next one checks (that its table exists), so each is
        // checked against the same catalog.
        for (JournalRecord record : change.propose(catalog).records()) {
          rows.add((InsertRows) record);
        }
      }
      JournalRecord entry = rows.size() == 1 ? rows.get(0) : new CommitTransaction(rows);
      return Change.Proposal.of(Statements.OK, entry);
    };
  }
}
