package io.metafe.sql.ast;

import java.util.List;
import java.util.Map;

/**
 * A parsed SQL statement. Names keep the case the user wrote; {@code likeOrNull} patterns are raw
 * LIKE patterns (see {@code io.metafe.sql.eval.LikePattern}).
 */
public sealed interface Statement {

  // ---- databases ----

  record CreateDatabase(String name, boolean ifNotExists) implements Statement {}

  record DropDatabase(String name, boolean ifExists, boolean force) implements Statement {}

  record ShowDatabases(String likeOrNull) implements Statement {}

  record Use(String database) implements Statement {}

  record ShowCreateDatabase(String name) implements Statement {}

  // ---- tables ----

  /**
   * StarRocks CREATE TABLE.
   *
   * @param comment never null; empty when absent
   * @param properties in source order
   */
  record CreateTable(
      TableName name,
      boolean ifNotExists,
      List<ColumnDefinition> columns,
      KeysClause keysOrNull,
      String comment,
      Distribution distributionOrNull,
      Map<String, String> properties,
      String engineOrNull)
      implements Statement {
    public CreateTable {
      columns = List.copyOf(columns);
      properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }
  }

  record DropTable(TableName name, boolean ifExists, boolean force) implements Statement {}

  record ShowTables(String dbOrNull, String likeOrNull, boolean full) implements Statement {}

  record ShowTableStatus(String dbOrNull, String likeOrNull, Expr whereOrNull)
      implements Statement {}

  /** SHOW TRIGGERS: always empty, MetaFE has no triggers. */
  record ShowTriggers(String dbOrNull, String likeOrNull, Expr whereOrNull) implements Statement {}

  /** SHOW INDEX / INDEXES / KEYS: always empty for an existing table, MetaFE keeps no indexes. */
  record ShowIndex(TableName table, Expr whereOrNull) implements Statement {}

  /** DESC t, DESCRIBE t, SHOW [FULL] COLUMNS FROM t [FROM db] [LIKE p]. */
  record Describe(TableName name, boolean full, String likeOrNull) implements Statement {
    public Describe(TableName name) {
      this(name, false, null);
    }
  }

  record ShowCreateTable(TableName name) implements Statement {}

  // ---- data ----

  /**
   * @param columnsOrEmpty the explicit column list; empty means all columns in table order
   */
  record Insert(TableName table, List<String> columnsOrEmpty, List<List<Expr>> rows)
      implements Statement {
    public Insert {
      columnsOrEmpty = List.copyOf(columnsOrEmpty);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  record InsertSelect(TableName table, List<String> columnsOrEmpty, Select select)
      implements Statement {
    public InsertSelect {
      columnsOrEmpty = List.copyOf(columnsOrEmpty);
    }
  }

  /**
   * A single-table SELECT.
   *
   * @param fromOrNull null for no FROM clause and for {@code FROM dual}
   * @param fromAliasOrNull the table alias ({@code FROM t AS x})
   */
  record Select(
      boolean distinct,
      List<SelectItem> items,
      TableName fromOrNull,
      String fromAliasOrNull,
      Expr whereOrNull,
      List<Expr> groupBy,
      Expr havingOrNull,
      List<OrderItem> orderBy,
      Long limitOrNull,
      Long offsetOrNull)
      implements Statement {
    public Select {
      items = List.copyOf(items);
      groupBy = List.copyOf(groupBy);
      orderBy = List.copyOf(orderBy);
    }
  }

  // ---- session and server information ----

  record ShowFrontends() implements Statement {}

  record ShowProc(String path) implements Statement {}

  /**
   * @param scope SESSION (also for no scope and LOCAL) or GLOBAL
   */
  record ShowVariables(VarScope scope, String likeOrNull, Expr whereOrNull) implements Statement {}

  record ShowStatus(VarScope scope, String likeOrNull, Expr whereOrNull) implements Statement {}

  record ShowWarnings() implements Statement {}

  record ShowErrors() implements Statement {}

  record ShowCollation(String likeOrNull, Expr whereOrNull) implements Statement {}

  record ShowCharset(String likeOrNull, Expr whereOrNull) implements Statement {}

  record ShowEngines() implements Statement {}

  record ShowProcesslist(boolean full) implements Statement {}

  record SetStatement(List<SetItem> items) implements Statement {
    public SetStatement {
      items = List.copyOf(items);
    }
  }

  /** BEGIN / START TRANSACTION, COMMIT, ROLLBACK. */
  /**
   * LOCK TABLES: accepted for dump tools and ORMs, locks nothing (MetaFE serialises writes on the
   * master).
   */
  record LockTables(List<TableName> tables) implements Statement {
    public LockTables {
      tables = List.copyOf(tables);
    }
  }

  record UnlockTables() implements Statement {}

  /**
   * ALTER TABLE t DISABLE|ENABLE KEYS, as dumps wrap their INSERTs: MetaFE has no indexes to
   * maintain.
   */
  record AlterTableKeys(TableName table) implements Statement {}

  record Transaction(Kind kind) implements Statement {
    /** What the client asked for. */
    public enum Kind {
      BEGIN,
      COMMIT,
      ROLLBACK
    }
  }

  // ---- cluster administration ----

  /**
   * @param hostPort as written, e.g. {@code 192.168.1.2:9010}
   */
  record AlterSystem(Action action, String hostPort) implements Statement {
    /** Frontend membership changes. */
    public enum Action {
      ADD_FOLLOWER,
      ADD_OBSERVER,
      DROP_FOLLOWER,
      DROP_OBSERVER
    }
  }

  record AlterSystemCreateImage() implements Statement {}

  /**
   * @param config in source order
   */
  record AdminSetFrontendConfig(Map<String, String> config) implements Statement {
    public AdminSetFrontendConfig {
      config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    }
  }

  record AdminShowFrontendConfig(String likeOrNull) implements Statement {}
}
