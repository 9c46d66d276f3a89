package io.metafe.sql.parser;

import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.TableName;
import io.metafe.sql.ast.VarScope;
import io.metafe.sql.parser.MetaSqlParser.*;
import java.util.Locale;

/**
 * Entry point from a parse tree to a {@link Statement}; statement families are delegated to {@link
 * DdlBuilder}, {@link QueryBuilder} and {@link SetBuilder}. Stateless.
 */
public final class AstBuilder {
  private AstBuilder() {}

  public static Statement statement(SingleStatementContext root) {
    return statement(root.statement());
  }

  private static Statement statement(StatementContext ctx) {
    if (ctx instanceof SelectContext c) {
      return QueryBuilder.select(c.query());
    } else if (ctx instanceof SetContext c) {
      return new Statement.SetStatement(SetBuilder.items(c));
    } else if (ctx instanceof CreateDatabaseContext c) {
      return new Statement.CreateDatabase(Texts.identifier(c.identifier()), c.EXISTS() != null);
    } else if (ctx instanceof DropDatabaseContext c) {
      return new Statement.DropDatabase(
          Texts.identifier(c.identifier()), c.EXISTS() != null, c.FORCE() != null);
    } else if (ctx instanceof ShowDatabasesContext c) {
      return new Statement.ShowDatabases(like(c.likeClause()));
    } else if (ctx instanceof UseContext c) {
      return new Statement.Use(Texts.identifier(c.identifier()));
    } else if (ctx instanceof ShowCreateDatabaseContext c) {
      return new Statement.ShowCreateDatabase(Texts.identifier(c.identifier()));
    } else if (ctx instanceof CreateTableStatementContext c) {
      return DdlBuilder.createTable(c.createTable());
    } else if (ctx instanceof DropTableContext c) {
      return new Statement.DropTable(
          DdlBuilder.tableName(c.tableName()), c.EXISTS() != null, c.FORCE() != null);
    } else if (ctx instanceof ShowTablesContext c) {
      String db = c.identifier() == null ? null : Texts.identifier(c.identifier());
      return new Statement.ShowTables(db, like(c.likeClause()), c.FULL() != null);
    } else if (ctx instanceof ShowTableStatusContext c) {
      return new Statement.ShowTableStatus(
          c.identifier() == null ? null : Texts.identifier(c.identifier()),
          like(c.likeClause()),
          c.expr() == null ? null : ExprBuilder.expr(c.expr()));
    } else if (ctx instanceof ShowTriggersContext c) {
      return new Statement.ShowTriggers(
          c.identifier() == null ? null : Texts.identifier(c.identifier()),
          like(c.likeClause()),
          c.expr() == null ? null : ExprBuilder.expr(c.expr()));
    } else if (ctx instanceof ShowIndexContext c) {
      TableName t = DdlBuilder.tableName(c.tableName());
      if (c.identifier() != null) {
        t = new TableName(Texts.identifier(c.identifier()), t.table());
      }
      return new Statement.ShowIndex(t, c.expr() == null ? null : ExprBuilder.expr(c.expr()));
    } else if (ctx instanceof DescribeContext c) {
      return new Statement.Describe(DdlBuilder.tableName(c.tableName()));
    } else if (ctx instanceof ShowColumnsContext c) {
      var name = DdlBuilder.tableName(c.tableName());
      if (c.identifier() != null) {
        name = new io.metafe.sql.ast.TableName(Texts.identifier(c.identifier()), name.table());
      }
      return new Statement.Describe(name, c.FULL() != null, like(c.likeClause()));
    } else if (ctx instanceof ShowCreateTableContext c) {
      return new Statement.ShowCreateTable(DdlBuilder.tableName(c.tableName()));
    } else if (ctx instanceof InsertValuesContext c) {
      return QueryBuilder.insertValues(c);
    } else if (ctx instanceof InsertSelectContext c) {
      return QueryBuilder.insertSelect(c);
    }
    return show(ctx);
  }

  private static Statement show(StatementContext ctx) {
    if (ctx instanceof ShowFrontendsContext) {
      return new Statement.ShowFrontends();
    } else if (ctx instanceof ShowProcContext c) {
      String path = Texts.string(c.string());
      return path.equals("/frontends")
          ? new Statement.ShowFrontends()
          : new Statement.ShowProc(path);
    } else if (ctx instanceof ShowVariablesContext c) {
      return new Statement.ShowVariables(
          scope(c.scope()),
          like(c.likeClause()),
          c.expr() == null ? null : ExprBuilder.expr(c.expr()));
    } else if (ctx instanceof ShowStatusContext c) {
      return new Statement.ShowStatus(
          scope(c.scope()),
          like(c.likeClause()),
          c.expr() == null ? null : ExprBuilder.expr(c.expr()));
    } else if (ctx instanceof ShowWarningsContext) {
      return new Statement.ShowWarnings();
    } else if (ctx instanceof ShowErrorsContext) {
      return new Statement.ShowErrors();
    } else if (ctx instanceof ShowCollationContext c) {
      return new Statement.ShowCollation(
          like(c.likeClause()), c.expr() == null ? null : ExprBuilder.expr(c.expr()));
    } else if (ctx instanceof ShowCharsetContext c) {
      return new Statement.ShowCharset(
          like(c.likeClause()), c.expr() == null ? null : ExprBuilder.expr(c.expr()));
    } else if (ctx instanceof ShowEnginesContext) {
      return new Statement.ShowEngines();
    } else if (ctx instanceof ShowProcesslistContext c) {
      return new Statement.ShowProcesslist(c.FULL() != null);
    }
    return admin(ctx);
  }

  private static Statement admin(StatementContext ctx) {
    if (ctx instanceof BeginContext) {
      return new Statement.Transaction(Statement.Transaction.Kind.BEGIN);
    } else if (ctx instanceof CommitContext) {
      return new Statement.Transaction(Statement.Transaction.Kind.COMMIT);
    } else if (ctx instanceof RollbackContext) {
      return new Statement.Transaction(Statement.Transaction.Kind.ROLLBACK);
    } else if (ctx instanceof LockTablesContext c) {
      return new Statement.LockTables(
          c.lockItem().stream().map(i -> DdlBuilder.tableName(i.tableName())).toList());
    } else if (ctx instanceof UnlockTablesContext) {
      return new Statement.UnlockTables();
    } else if (ctx instanceof AlterTableKeysContext c) {
      return new Statement.AlterTableKeys(DdlBuilder.tableName(c.tableName()));
    } else if (ctx instanceof AlterSystemContext c) {
      String role = c.FOLLOWER() != null ? "FOLLOWER" : "OBSERVER";
      String verb = c.ADD() != null ? "ADD" : "DROP";
      return new Statement.AlterSystem(
          Statement.AlterSystem.Action.valueOf(verb + "_" + role), Texts.string(c.string()));
    } else if (ctx instanceof AlterSystemCreateImageContext) {
      return new Statement.AlterSystemCreateImage();
    } else if (ctx instanceof AdminSetFrontendConfigContext c) {
      return new Statement.AdminSetFrontendConfig(DdlBuilder.properties(c.property()));
    } else if (ctx instanceof AdminShowFrontendConfigContext c) {
      return new Statement.AdminShowFrontendConfig(like(c.likeClause()));
    }
    throw new IllegalStateException(
        "unhandled " + ctx.getClass().getSimpleName().toLowerCase(Locale.ROOT));
  }

  private static String like(LikeClauseContext ctx) {
    return ctx == null ? null : Texts.string(ctx.string());
  }

  private static VarScope scope(ScopeContext ctx) {
    return ctx == null ? VarScope.SESSION : SetBuilder.scope(ctx);
  }
}
