package io.metafe.session;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Table;
import io.metafe.edit.Change;
import io.metafe.mysql.Response;
import io.metafe.records.CreateDatabase;
import io.metafe.records.DropDatabase;
import io.metafe.records.DropTable;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.SetItem;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.VarScope;
import io.metafe.sql.eval.Evaluator;
import io.metafe.sql.eval.QueryResult;
import io.metafe.sql.eval.RowSource;
import java.util.ArrayList;
import java.util.List;

/** Executes one parsed statement for a session. Stateless apart from the session it serves. */
final class Statements {
  static final Response OK = new Response.Ok(0, 0, 0, "");

  private final FeSession session;
  private final Shows shows;

  Statements(FeSession session) {
    this.session = session;
    this.shows = new Shows(session);
  }

  Shows shows() {
    return shows;
  }

  /** Statements that change the catalog and so run on the master. */
  static boolean isWrite(Statement s) {
    return s instanceof Statement.Insert
        || s instanceof Statement.InsertSelect
        || s instanceof Statement.CreateDatabase
        || s instanceof Statement.DropDatabase
        || s instanceof Statement.CreateTable
        || s instanceof Statement.DropTable
        || s instanceof Statement.AlterSystem;
  }

  /** The database a write changes: the one it names, or the session's current one (may be null). */
  static String writtenDatabase(Statement s, String current) {
    String named = null;
    if (s instanceof Statement.Insert i) {
      named = i.table().databaseOrNull();
    } else if (s instanceof Statement.InsertSelect i) {
      named = i.table().databaseOrNull();
    } else if (s instanceof Statement.CreateTable c) {
      named = c.name().databaseOrNull();
    } else if (s instanceof Statement.DropTable d) {
      named = d.name().databaseOrNull();
    } else if (s instanceof Statement.CreateDatabase c) {
      return c.name();
    } else if (s instanceof Statement.DropDatabase d) {
      return d.name();
    } else {
      return null;
    }
    return named != null ? named : current;
  }

  /** Writes that change rows only, and so may be part of a multi-statement transaction. */
  static boolean isRowChange(Statement s) {
    return s instanceof Statement.Insert || s instanceof Statement.InsertSelect;
  }

  /**
   * Statements that read databases, tables or rows, and so must not run on stale metadata. SHOW
   * FRONTENDS and session statements stay available: operators and connecting clients need them
   * most when an FE lags.
   */
  static boolean readsCatalog(Statement s) {
    return (s instanceof Statement.Select sel && sel.fromOrNull() != null)
        || s instanceof Statement.ShowDatabases
        || s instanceof Statement.ShowTables
        || s instanceof Statement.Describe
        || s instanceof Statement.ShowCreateTable
        || s instanceof Statement.ShowCreateDatabase
        || s instanceof Statement.ShowTableStatus
        || s instanceof Statement.ShowIndex;
  }

  Response execute(Statement s) {
    if (s instanceof Statement.Select select) {
      return Results.of(select(select));
    } else if (isRowChange(s)) {
      InsertChange change = rowChange(s);
      return change.rowCount() == 0 ? OK : session.write(change);
    } else if (s instanceof Statement.CreateDatabase c) {
      return createDatabase(c);
    } else if (s instanceof Statement.DropDatabase d) {
      return dropDatabase(d);
    } else if (s instanceof Statement.CreateTable c) {
      return session.write(
          new CreateTableChange(session.databaseName(c.name().databaseOrNull()), c));
    } else if (s instanceof Statement.DropTable d) {
      return dropTable(d);
    } else if (s instanceof Statement.Use u) {
      session.useDatabase(u.database());
      return OK;
    } else if (s instanceof Statement.SetStatement set) {
      return set(set);
    } else if (s instanceof Statement.AlterTableKeys k) {
      session.table(k.table());
      return OK;
    } else if (s instanceof Statement.LockTables || s instanceof Statement.UnlockTables) {
      // MetaFE's writes are serialised by the master's one writer; there is nothing a table lock
      // would add.
      return OK;
    } else if (s instanceof Statement.AlterSystem a) {
      return alterSystem(a);
    } else if (s instanceof Statement.AlterSystemCreateImage) {
      List<String> outcome = session.services().cluster().createImages();
      return new Response.Ok(0, 0, 0, String.join("; ", outcome));
    } else if (s instanceof Statement.AdminSetFrontendConfig c) {
      return setFrontendConfig(c);
    }
    return shows.execute(s);
  }

  private Response alterSystem(Statement.AlterSystem a) {
    Membership.Address at = Membership.parse(a.hostPort());
    io.metafe.records.FrontendRole role = Membership.role(a.action());
    switch (a.action()) {
      case ADD_FOLLOWER, ADD_OBSERVER -> {
        Membership.Address resolved = Membership.resolve(at);
        session.write(Membership.add(role, resolved, session.services().clock().wallMillis()));
        return resolved.host().equals(at.host())
            ? OK
            : new Response.Ok(
                0, 0, 0, "added as " + resolved + " (" + at.host() + " resolves to it)");
      }
      default -> {
        io.metafe.catalog.Frontend dropped =
            session.write(Membership.drop(role, at, session.services().cluster().masterName()));
        if (role == io.metafe.records.FrontendRole.FOLLOWER) {
          session.services().cluster().removeFromGroup(dropped.name());
        }
        return OK;
      }
    }
  }

  private Response setFrontendConfig(Statement.AdminSetFrontendConfig c) {
    try {
      session.services().cluster().setFrontendConfig(c.config());
    } catch (IllegalArgumentException e) {
      throw SqlException.of(SqlError.UNKNOWN, e.getMessage());
    }
    return OK;
  }

  QueryResult select(Statement.Select statement) {
    Statement.Select select = io.metafe.sql.eval.Subqueries.resolve(statement, this::select);
    RowSource source = null;
    if (select.fromOrNull() != null) {
      Table table = session.table(select.fromOrNull());
      String db = session.databaseName(select.fromOrNull().databaseOrNull());
      source = new TableRows(db, table);
    }
    return session.services().queries().select(select, source, session.state());
  }

  /**
   * The change an INSERT makes, with its values evaluated and checked against what this session
   * reads now.
   */
  InsertChange rowChange(Statement s) {
    if (s instanceof Statement.Insert insert) {
      return insert(insert);
    }
    return insertSelect((Statement.InsertSelect) s);
  }

  private InsertChange insert(Statement.Insert insert) {
    Database db = session.database(insert.table().databaseOrNull());
    Table table = session.table(insert.table());
    List<List<Object>> values = new ArrayList<>(insert.rows().size());
    Evaluator evaluator = new Evaluator(session.state());
    for (List<Expr> row : insert.rows()) {
      List<Object> evaluated = new ArrayList<>(row.size());
      for (Expr e : row) {
        evaluated.add(evaluator.evaluate(e));
      }
      values.add(evaluated);
    }
    return InsertChange.of(db.id(), table, insert.columnsOrEmpty(), values, session.state().now());
  }

  private InsertChange insertSelect(Statement.InsertSelect insert) {
    Database db = session.database(insert.table().databaseOrNull());
    Table table = session.table(insert.table());
    QueryResult result = select(insert.select());
    int expected =
        insert.columnsOrEmpty().isEmpty()
            ? table.definition().columns().size()
            : insert.columnsOrEmpty().size();
    if (result.columns().size() != expected) {
      throw SqlException.of(SqlError.WRONG_VALUE_COUNT_ON_ROW, 1);
    }
    List<List<Object>> values = new ArrayList<>(result.rows().size());
    for (Object[] row : result.rows()) {
      values.add(java.util.Arrays.asList(row));
    }
    return InsertChange.of(db.id(), table, insert.columnsOrEmpty(), values, session.state().now());
  }

  private Response createDatabase(Statement.CreateDatabase c) {
    Names.checkDatabase(c.name());
    return session.write(
        (Change<Response>)
            catalog -> {
              if (catalog.database(c.name()).isDefined()) {
                if (c.ifNotExists()) {
                  return Change.Proposal.of(OK);
                }
                throw SqlException.of(SqlError.DB_CREATE_EXISTS, c.name());
              }
              return Change.Proposal.of(
                  new Response.Ok(1, 0, 0, ""), new CreateDatabase(catalog.nextId(), c.name()));
            });
  }

  private Response dropDatabase(Statement.DropDatabase d) {
    return session.write(
        (Change<Response>)
            catalog -> {
              Database db = catalog.database(d.name()).getOrNull();
              if (db == null) {
                if (d.ifExists()) {
                  return Change.Proposal.of(OK);
                }
                throw SqlException.of(SqlError.DB_DROP_EXISTS, d.name());
              }
              return Change.Proposal.of(OK, new DropDatabase(db.id()));
            });
  }

  private Response dropTable(Statement.DropTable d) {
    String dbName = session.databaseName(d.name().databaseOrNull());
    String tableName = d.name().table();
    return session.write(
        (Change<Response>)
            catalog -> {
              Database db = requireDatabase(catalog, dbName);
              Table table = db.table(tableName).getOrNull();
              if (table == null) {
                if (d.ifExists()) {
                  return Change.Proposal.of(OK);
                }
                throw SqlException.of(SqlError.BAD_TABLE, dbName + "." + tableName);
              }
              return Change.Proposal.of(OK, new DropTable(db.id(), table.id()));
            });
  }

  private static Database requireDatabase(Catalog catalog, String name) {
    return catalog.database(name).getOrElseThrow(() -> SqlException.of(SqlError.BAD_DB, name));
  }

  private Response set(Statement.SetStatement set) {
    SessionState state = session.state();
    for (SetItem item : set.items()) {
      if (item instanceof SetItem.Variable v) {
        setVariable(state, v);
      } else if (item instanceof SetItem.Names n) {
        String charset = utf8(n.charsetOrNull());
        state.setSessionVariable("character_set_client", charset, false);
        state.setSessionVariable("character_set_connection", charset, false);
        state.setSessionVariable("character_set_results", charset, false);
      } else if (item instanceof SetItem.CharacterSet c) {
        String charset = utf8(c.charsetOrNull());
        state.setSessionVariable("character_set_client", charset, false);
        state.setSessionVariable("character_set_results", charset, false);
      } else if (item instanceof SetItem.Transaction t) {
        if (t.scope() == VarScope.GLOBAL) {
          throw globalUnsupported("transaction_isolation");
        }
        if (t.isolationLevelOrNull() != null) {
          state.setSessionVariable("transaction_isolation", t.isolationLevelOrNull(), false);
          state.setSessionVariable("tx_isolation", t.isolationLevelOrNull(), false);
        }
      }
    }
    return OK;
  }

  /** MetaFE reads and writes UTF-8 only; accepting another charset would silently mangle text. */
  private static String utf8(String charsetOrNull) {
    if (charsetOrNull == null) {
      return "utf8mb4";
    }
    String c = charsetOrNull.toLowerCase(java.util.Locale.ROOT);
    if (!c.equals("utf8mb4") && !c.equals("utf8") && !c.equals("utf8mb3")) {
      throw SqlException.of(
          SqlError.NOT_SUPPORTED_YET,
          "character set " + charsetOrNull + " (MetaFE speaks UTF-8 only: use SET NAMES utf8mb4)");
    }
    return c;
  }

  private void setVariable(SessionState state, SetItem.Variable v) {
    Object value = v.valueOrNull() == null ? null : new Evaluator(state).evaluate(v.valueOrNull());
    switch (v.scope()) {
      case USER -> state.setUserVariable(v.name(), value);
      case GLOBAL -> throw globalUnsupported(v.name());
      default -> {
        boolean wasOff = !state.autocommit();
        state.setSessionVariable(v.name(), value, v.valueOrNull() == null);
        if (wasOff && state.autocommit()) {
          // As in MySQL, turning autocommit back on commits the open transaction.
          Response committed = session.transactions().commitImplicitly();
          if (committed instanceof Response.Error e) {
            throw SqlException.of(SqlError.COMMIT_FAILED, e.message());
          }
        }
      }
    }
  }

  private static SqlException globalUnsupported(String name) {
    return SqlException.of(
        SqlError.NOT_SUPPORTED_YET,
        "SET GLOBAL "
            + name
            + "; MetaFE would not keep it across restarts: set it per session instead");
  }
}
