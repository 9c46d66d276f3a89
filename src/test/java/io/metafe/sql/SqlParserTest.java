package io.metafe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.records.DataType;
import io.metafe.sql.ast.ColumnDefinition;
import io.metafe.sql.ast.Distribution;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.Expr.BinaryOp;
import io.metafe.sql.ast.Expr.Literal;
import io.metafe.sql.ast.KeysClause;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.SetItem;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.Statement.Select;
import io.metafe.sql.ast.TableName;
import io.metafe.sql.ast.VarScope;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlParserTest {
  private final SqlParser parser = new SqlParser("8.0.33");

  private Statement parse(String sql) {
    return parser.parse(sql);
  }

  private Select select(String sql) {
    return (Select) parse(sql);
  }

  private SqlException syntaxError(String sql) {
    try {
      parse(sql);
    } catch (SqlException e) {
      return e;
    }
    throw new AssertionError("no error for " + sql);
  }

  @Test
  void connectorJInitialQuery() {
    String sql =
        "/* mysql-connector-j-9.1.0 (Revision: x) */SELECT @@session.auto_increment_increment AS "
            + "auto_increment_increment, @@character_set_client AS character_set_client, @@character_set_connection AS "
            + "character_set_connection, @@character_set_results AS character_set_results, @@character_set_server AS "
            + "character_set_server, @@collation_server AS collation_server, @@collation_connection AS "
            + "collation_connection, @@init_connect AS init_connect, @@interactive_timeout AS interactive_timeout, "
            + "@@license AS license, @@lower_case_table_names AS lower_case_table_names, @@max_allowed_packet AS "
            + "max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@performance_schema AS performance_schema, "
            + "@@query_cache_size AS query_cache_size, @@query_cache_type AS query_cache_type, @@sql_mode AS sql_mode, "
            + "@@system_time_zone AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS "
            + "transaction_isolation, @@wait_timeout AS wait_timeout";
    Select s = select(sql);
    assertThat(s.items()).hasSize(21);
    assertThat(s.items().get(0))
        .isEqualTo(
            new SelectItem.Item(
                new Expr.VariableRef(VarScope.SESSION, "auto_increment_increment"),
                "auto_increment_increment",
                "@@session.auto_increment_increment"));
    assertThat(s.items().get(20))
        .isEqualTo(
            new SelectItem.Item(
                new Expr.VariableRef(VarScope.DEFAULT, "wait_timeout"),
                "wait_timeout",
                "@@wait_timeout"));
    assertThat(s.fromOrNull()).isNull();
  }

  @Test
  void sessionSetupStatements() {
    assertThat(parse("SET NAMES utf8mb4"))
        .isEqualTo(new Statement.SetStatement(List.of(new SetItem.Names("utf8mb4", null))));
    assertThat(parse("set names 'utf8mb4' collate 'utf8mb4_general_ci'"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(new SetItem.Names("utf8mb4", "utf8mb4_general_ci"))));
    assertThat(parse("SET NAMES DEFAULT"))
        .isEqualTo(new Statement.SetStatement(List.of(new SetItem.Names(null, null))));
    assertThat(parse("SET character_set_results = NULL"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(
                    new SetItem.Variable(
                        VarScope.SESSION, "character_set_results", new Literal(null)))));
    assertThat(parse("SET autocommit=1"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(new SetItem.Variable(VarScope.SESSION, "autocommit", new Literal(1L)))));
    assertThat(parse("SET sql_mode = concat(@@sql_mode, ',STRICT_TRANS_TABLES')"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(
                    new SetItem.Variable(
                        VarScope.SESSION,
                        "sql_mode",
                        new Expr.FunctionCall(
                            "concat",
                            List.of(
                                new Expr.VariableRef(VarScope.DEFAULT, "sql_mode"),
                                new Literal(",STRICT_TRANS_TABLES")),
                            false,
                            false)))));
    assertThat(
            parse(
                "SET sql_mode=STRICT_ALL_TABLES, GLOBAL wait_timeout = DEFAULT, @@global.x = ON, "
                    + "@@y = 2, @u := 'v', LOCAL z = OFF"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(
                    new SetItem.Variable(
                        VarScope.SESSION, "sql_mode", new Literal("STRICT_ALL_TABLES")),
                    new SetItem.Variable(VarScope.GLOBAL, "wait_timeout", null),
                    new SetItem.Variable(VarScope.GLOBAL, "x", new Literal("ON")),
                    new SetItem.Variable(VarScope.SESSION, "y", new Literal(2L)),
                    new SetItem.Variable(VarScope.USER, "u", new Literal("v")),
                    new SetItem.Variable(VarScope.SESSION, "z", new Literal("OFF")))));
    assertThat(parse("SET CHARACTER SET utf8"))
        .isEqualTo(new Statement.SetStatement(List.of(new SetItem.CharacterSet("utf8"))));
    assertThat(parse("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(new SetItem.Transaction(VarScope.SESSION, "READ-COMMITTED", null))));
    assertThat(parse("SET TRANSACTION READ ONLY"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(new SetItem.Transaction(VarScope.DEFAULT, null, true))));
    assertThat(parse("SET session transaction_isolation = 'REPEATABLE-READ'"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(
                    new SetItem.Variable(
                        VarScope.SESSION,
                        "transaction_isolation",
                        new Literal("REPEATABLE-READ")))));
  }

  @Test
  void mariaDbConnectStatements() {
    assertThat(
            parse(
                "set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES'), "
                    + "session_track_schema=1"))
        .isInstanceOfSatisfying(
            Statement.SetStatement.class, s -> assertThat(s.items()).hasSize(3));
    assertThat(
            parse(
                "SELECT @@max_allowed_packet,@@system_time_zone,@@time_zone,@@auto_increment_increment"))
        .isInstanceOf(Select.class);
    assertThat(parse("SET @@session.autocommit = 0"))
        .isEqualTo(
            new Statement.SetStatement(
                List.of(new SetItem.Variable(VarScope.SESSION, "autocommit", new Literal(0L)))));
  }

  @Test
  void clientProbeSelects() {
    Select s =
        select(
            "SELECT @@max_allowed_packet, @@system_time_zone, @@time_zone, @@auto_increment_increment");
    assertThat(s.items())
        .extracting(i -> ((SelectItem.Item) i).columnName())
        .containsExactly(
            "@@max_allowed_packet",
            "@@system_time_zone",
            "@@time_zone",
            "@@auto_increment_increment");
    Select v = select("select @@version_comment limit 1");
    assertThat(v.limitOrNull()).isEqualTo(1L);
    assertThat(((SelectItem.Item) v.items().get(0)).columnName()).isEqualTo("@@version_comment");
    Select d = select("SELECT DATABASE();");
    assertThat(d.items().get(0))
        .isEqualTo(
            new SelectItem.Item(
                new Expr.FunctionCall("database", List.of(), false, false), null, "DATABASE()"));
    assertThat(((SelectItem.Item) select("SELECT 1+1").items().get(0)).columnName())
        .isEqualTo("1+1");
    assertThat(((SelectItem.Item) select("select count(*) from t").items().get(0)).columnName())
        .isEqualTo("count(*)");
    assertThat(((SelectItem.Item) select("select `id` from t").items().get(0)).columnName())
        .isEqualTo("id");
  }

  @Test
  void showStatements() {
    assertThat(parse("show databases")).isEqualTo(new Statement.ShowDatabases(null));
    assertThat(parse("SHOW SCHEMAS LIKE 'a%'")).isEqualTo(new Statement.ShowDatabases("a%"));
    assertThat(parse("SHOW FULL TABLES FROM db LIKE 'x'"))
        .isEqualTo(new Statement.ShowTables("db", "x", true));
    assertThat(parse("show tables")).isEqualTo(new Statement.ShowTables(null, null, false));
    assertThat(parse("DESC `db`.`t`")).isEqualTo(new Statement.Describe(new TableName("db", "t")));
    assertThat(parse("SHOW FULL COLUMNS FROM t FROM db LIKE 'a'"))
        .isEqualTo(new Statement.Describe(new TableName("db", "t"), true, "a"));
    assertThat(parse("show create table t"))
        .isEqualTo(new Statement.ShowCreateTable(new TableName(null, "t")));
    assertThat(parse("show create database d")).isEqualTo(new Statement.ShowCreateDatabase("d"));
    assertThat(parse("SHOW FRONTENDS")).isEqualTo(new Statement.ShowFrontends());
    assertThat(parse("SHOW PROC '/frontends'")).isEqualTo(new Statement.ShowFrontends());
    assertThat(parse("SHOW PROC '/dbs'")).isEqualTo(new Statement.ShowProc("/dbs"));
    assertThat(parse("SHOW GLOBAL VARIABLES LIKE 'lower_case%'"))
        .isEqualTo(new Statement.ShowVariables(VarScope.GLOBAL, "lower_case%", null));
    assertThat(parse("SHOW VARIABLES WHERE Variable_name = 'x'"))
        .isEqualTo(
            new Statement.ShowVariables(
                VarScope.SESSION,
                null,
                new Expr.Binary(
                    BinaryOp.EQ, new Expr.ColumnRef(null, "Variable_name"), new Literal("x"))));
    assertThat(parse("show status like 'Uptime'"))
        .isEqualTo(new Statement.ShowStatus(VarScope.SESSION, "Uptime", null));
    assertThat(parse("SHOW WARNINGS")).isEqualTo(new Statement.ShowWarnings());
    assertThat(parse("SHOW ERRORS")).isEqualTo(new Statement.ShowErrors());
    assertThat(parse("SHOW COLLATION LIKE 'utf8%'"))
        .isEqualTo(new Statement.ShowCollation("utf8%", null));
    assertThat(parse("SHOW CHARACTER SET")).isEqualTo(new Statement.ShowCharset(null, null));
    assertThat(parse("SHOW CHARSET like 'u%'")).isEqualTo(new Statement.ShowCharset("u%", null));
    assertThat(parse("SHOW ENGINES")).isEqualTo(new Statement.ShowEngines());
    assertThat(parse("SHOW FULL PROCESSLIST")).isEqualTo(new Statement.ShowProcesslist(true));
  }

  @Test
  void databasesTransactionsAndAdmin() {
    assertThat(parse("create database if not exists d1"))
        .isEqualTo(new Statement.CreateDatabase("d1", true));
    assertThat(parse("DROP SCHEMA IF EXISTS `d 1` FORCE"))
        .isEqualTo(new Statement.DropDatabase("d 1", true, true));
    assertThat(parse("use d1")).isEqualTo(new Statement.Use("d1"));
    assertThat(parse("drop table if exists db.t force"))
        .isEqualTo(new Statement.DropTable(new TableName("db", "t"), true, true));
    assertThat(parse("BEGIN"))
        .isEqualTo(new Statement.Transaction(Statement.Transaction.Kind.BEGIN));
    assertThat(parse("start transaction"))
        .isEqualTo(new Statement.Transaction(Statement.Transaction.Kind.BEGIN));
    assertThat(parse("commit work"))
        .isEqualTo(new Statement.Transaction(Statement.Transaction.Kind.COMMIT));
    assertThat(parse("ROLLBACK"))
        .isEqualTo(new Statement.Transaction(Statement.Transaction.Kind.ROLLBACK));
    assertThat(parse("ALTER SYSTEM ADD FOLLOWER \"10.0.0.2:9010\""))
        .isEqualTo(
            new Statement.AlterSystem(Statement.AlterSystem.Action.ADD_FOLLOWER, "10.0.0.2:9010"));
    assertThat(parse("alter system drop observer 'h:1'"))
        .isEqualTo(new Statement.AlterSystem(Statement.AlterSystem.Action.DROP_OBSERVER, "h:1"));
    assertThat(parse("ALTER SYSTEM CREATE IMAGE"))
        .isEqualTo(new Statement.AlterSystemCreateImage());
    assertThat(parse("ADMIN SET FRONTEND CONFIG (\"a\" = \"1\", \"b\" = \"2\")"))
        .isEqualTo(new Statement.AdminSetFrontendConfig(Map.of("a", "1", "b", "2")));
    assertThat(parse("ADMIN SHOW FRONTEND CONFIG LIKE '%meta%'"))
        .isEqualTo(new Statement.AdminShowFrontendConfig("%meta%"));
  }

  @Test
  void starRocksCreateTableWithAllClauses() {
    Statement.CreateTable t =
        (Statement.CreateTable)
            parse(
                """
        CREATE TABLE IF NOT EXISTS example_db.orders (
          id BIGINT NOT NULL COMMENT 'order id',
          k2 int(11) NULL DEFAULT "10",
          price DECIMAL(10, 2) DEFAULT -1.5,
          ratio double,
          name VARCHAR(32) NOT NULL DEFAULT '',
          code CHAR,
          body STRING,
          flag BOOLEAN DEFAULT TRUE,
          d DATE,
          created DATETIME DEFAULT CURRENT_TIMESTAMP,
          v BIGINT SUM DEFAULT "0"
        ) ENGINE = OLAP
        DUPLICATE KEY (id, k2)
        COMMENT 'the orders'
        DISTRIBUTED BY HASH(id) BUCKETS 8
        PROPERTIES ("replication_num" = "1", "a" = "b");
        """);
    assertThat(t.name()).isEqualTo(new TableName("example_db", "orders"));
    assertThat(t.ifNotExists()).isTrue();
    assertThat(t.engineOrNull()).isEqualTo("OLAP");
    assertThat(t.keysOrNull())
        .isEqualTo(new KeysClause(KeysClause.KeyType.DUPLICATE, List.of("id", "k2")));
    assertThat(t.comment()).isEqualTo("the orders");
    assertThat(t.distributionOrNull())
        .isEqualTo(new Distribution(Distribution.Kind.HASH, List.of("id"), 8));
    assertThat(t.properties())
        .containsExactly(Map.entry("replication_num", "1"), Map.entry("a", "b"));
    assertThat(t.columns())
        .containsExactly(
            new ColumnDefinition("id", DataType.BIGINT, false, null, false, "order id"),
            new ColumnDefinition("k2", DataType.INT, true, new Literal("10"), false, ""),
            new ColumnDefinition(
                "price",
                DataType.decimal(10, 2),
                null,
                new Literal(new BigDecimal("-1.5")),
                false,
                ""),
            new ColumnDefinition("ratio", DataType.DOUBLE, null, null, false, ""),
            new ColumnDefinition("name", DataType.varchar(32), false, new Literal(""), false, ""),
            new ColumnDefinition("code", DataType.chars(1), null, null, false, ""),
            new ColumnDefinition("body", DataType.varchar(65533), null, null, false, ""),
            new ColumnDefinition("flag", DataType.BOOLEAN, null, new Literal(true), false, ""),
            new ColumnDefinition("d", DataType.DATE, null, null, false, ""),
            new ColumnDefinition("created", DataType.DATETIME, null, null, true, ""),
            new ColumnDefinition("v", DataType.BIGINT, null, new Literal("0"), false, ""));
  }

  @Test
  void createTableVariants() {
    Statement.CreateTable t =
        (Statement.CreateTable)
            parse(
                "create table t (a decimal, b decimal64(18,4), c decimal(5)) primary key (a) distributed by random");
    assertThat(t.columns())
        .extracting(ColumnDefinition::type)
        .containsExactly(DataType.decimal(10, 0), DataType.decimal(18, 4), DataType.decimal(5, 0));
    assertThat(t.keysOrNull().type()).isEqualTo(KeysClause.KeyType.PRIMARY);
    assertThat(t.distributionOrNull())
        .isEqualTo(new Distribution(Distribution.Kind.RANDOM, List.of(), null));
    assertThat(t.comment()).isEmpty();
    assertThat(t.properties()).isEmpty();
  }

  @Test
  void outOfRangeTypesAre1064NamingTheRange() {
    SqlException e = syntaxError("CREATE TABLE t (a VARCHAR(0))");
    assertThat(e.code()).isEqualTo(1064);
    assertThat(e.getMessage()).contains("VARCHAR length must be 1..1048576").contains("column 18");
    assertThat(syntaxError("CREATE TABLE t (a DECIMAL(40,2))").getMessage())
        .contains("DECIMAL precision must be 1..38");
    assertThat(syntaxError("CREATE TABLE t (a VARCHAR)").getMessage())
        .contains("VARCHAR requires a length");
    assertThat(syntaxError("CREATE TABLE t (a BLOB)").getMessage()).contains("blob");
  }

  @Test
  void insertStatements() {
    assertThat(parse("INSERT INTO db.t (a, `b`) VALUES (1, 'x'), (-2, NULL)"))
        .isEqualTo(
            new Statement.Insert(
                new TableName("db", "t"),
                List.of("a", "b"),
                List.of(
                    List.of(new Literal(1L), new Literal("x")),
                    List.of(new Literal(-2L), new Literal(null)))));
    assertThat(parse("insert into t values ()"))
        .isEqualTo(new Statement.Insert(new TableName(null, "t"), List.of(), List.of(List.of())));
    Statement.InsertSelect is =
        (Statement.InsertSelect) parse("INSERT INTO t SELECT * FROM s WHERE a > 1");
    assertThat(is.select().fromOrNull()).isEqualTo(new TableName(null, "s"));
  }

  @Test
  void selectClauses() {
    Select s =
        select(
            "SELECT DISTINCT x.a AS k, b total, x.* FROM db.t AS x WHERE a = 1 AND NOT b IS NULL "
                + "GROUP BY 1, b HAVING count(*) > 1 ORDER BY k DESC, 2 LIMIT 5, 10");
    assertThat(s.distinct()).isTrue();
    assertThat(s.items())
        .containsExactly(
            new SelectItem.Item(new Expr.ColumnRef("x", "a"), "k", "x.a"),
            new SelectItem.Item(new Expr.ColumnRef(null, "b"), "total", "b"),
            new SelectItem.Star("x"));
    assertThat(s.fromOrNull()).isEqualTo(new TableName("db", "t"));
    assertThat(s.fromAliasOrNull()).isEqualTo("x");
    assertThat(s.whereOrNull())
        .isEqualTo(
            new Expr.Binary(
                BinaryOp.AND,
                new Expr.Binary(BinaryOp.EQ, new Expr.ColumnRef(null, "a"), new Literal(1L)),
                new Expr.Unary(
                    Expr.UnaryOp.NOT, new Expr.IsNull(new Expr.ColumnRef(null, "b"), false))));
    assertThat(s.groupBy()).hasSize(2);
    assertThat(s.orderBy()).hasSize(2);
    assertThat(s.orderBy().get(0).descending()).isTrue();
    assertThat(s.offsetOrNull()).isEqualTo(5L);
    assertThat(s.limitOrNull()).isEqualTo(10L);
    Select o = select("select 1 from dual limit 3 offset 2");
    assertThat(o.fromOrNull()).isNull();
    assertThat(o.limitOrNull()).isEqualTo(3L);
    assertThat(o.offsetOrNull()).isEqualTo(2L);
  }

  @Test
  void operatorPrecedenceAndLiterals() {
    assertThat(expr("1 + 2 * 3"))
        .isEqualTo(
            new Expr.Binary(
                BinaryOp.ADD,
                new Literal(1L),
                new Expr.Binary(BinaryOp.MULTIPLY, new Literal(2L), new Literal(3L))));
    assertThat(expr("a OR b AND c"))
        .isEqualTo(
            new Expr.Binary(
                BinaryOp.OR,
                new Expr.ColumnRef(null, "a"),
                new Expr.Binary(
                    BinaryOp.AND, new Expr.ColumnRef(null, "b"), new Expr.ColumnRef(null, "c"))));
    assertThat(expr("a || b && c XOR d"))
        .isEqualTo(
            new Expr.Binary(
                BinaryOp.OR,
                new Expr.ColumnRef(null, "a"),
                new Expr.Binary(
                    BinaryOp.XOR,
                    new Expr.Binary(
                        BinaryOp.AND, new Expr.ColumnRef(null, "b"), new Expr.ColumnRef(null, "c")),
                    new Expr.ColumnRef(null, "d"))));
    assertThat(expr("a BETWEEN 1 AND 2 AND b")).isInstanceOf(Expr.Binary.class);
    assertThat(expr("x NOT IN (1, 2)"))
        .isEqualTo(
            new Expr.InList(
                new Expr.ColumnRef(null, "x"), List.of(new Literal(1L), new Literal(2L)), true));
    assertThat(expr("x not like 'a\\_%'"))
        .isEqualTo(new Expr.Like(new Expr.ColumnRef(null, "x"), new Literal("a\\_%"), true));
    assertThat(expr("'it''s' \"a\\\"b\" 'c\\n'")).isEqualTo(new Literal("it'sa\"bc\n"));
    assertThat(expr("1.50")).isEqualTo(new Literal(new BigDecimal("1.50")));
    assertThat(expr("1e3")).isEqualTo(new Literal(1000.0));
    assertThat(expr("-9223372036854775808")).isEqualTo(new Literal(Long.MIN_VALUE));
    assertThat(expr("18446744073709551615"))
        .isEqualTo(new Literal(new BigDecimal("18446744073709551615")));
    assertThat(expr("DATE '2024-01-02'")).isEqualTo(new Literal(LocalDate.of(2024, 1, 2)));
    assertThat(expr("cast(a as signed)"))
        .isEqualTo(new Expr.Cast(new Expr.ColumnRef(null, "a"), DataType.BIGINT));
    assertThat(expr("CAST(a AS DECIMAL(5,2))"))
        .isEqualTo(new Expr.Cast(new Expr.ColumnRef(null, "a"), DataType.decimal(5, 2)));
    assertThat(expr("case when a then 1 else 2 end")).isInstanceOf(Expr.Case.class);
    assertThat(expr("count(distinct a)"))
        .isEqualTo(
            new Expr.FunctionCall("count", List.of(new Expr.ColumnRef(null, "a")), true, false));
    assertThat(expr("CURRENT_TIMESTAMP"))
        .isEqualTo(new Expr.FunctionCall("current_timestamp", List.of(), false, false));
    assertThat(expr("IF(a, 1, 2)")).isInstanceOf(Expr.FunctionCall.class);
    assertThat(expr("status")).isEqualTo(new Expr.ColumnRef(null, "status"));
  }

  private Expr expr(String text) {
    return ((SelectItem.Item) select("SELECT " + text).items().get(0)).expr();
  }

  @Test
  void commentsAndCase() {
    assertThat(parse("# hello\nsElEcT 1 -- trailing\n")).isInstanceOf(Select.class);
    assertThat(parse("/* c */ SHOW /* inner */ DATABASES;"))
        .isEqualTo(new Statement.ShowDatabases(null));
  }

  @Test
  void syntaxErrorsCarryPosition() {
    SqlException e = syntaxError("SELECT * FRM t");
    assertThat(e.code()).isEqualTo(1064);
    assertThat(e.sqlState()).isEqualTo("42000");
    assertThat(e.getMessage())
        .startsWith("You have an error in your SQL syntax near 'FRM t' at line 1, column 10: ");
    SqlException multi = syntaxError("SELECT a\nFROM t\nWHERE ) ");
    assertThat(multi.getMessage()).contains("near ') ' at line 3, column 7");
    assertThat(syntaxError("SELECT").getMessage()).contains("near ''");
    assertThat(syntaxError("SELECT 'unterminated").code()).isEqualTo(1064);
    assertThat(syntaxError("   ").code()).isEqualTo(1065);
    assertThat(syntaxError("/* only */").code()).isEqualTo(1065);
  }
}
