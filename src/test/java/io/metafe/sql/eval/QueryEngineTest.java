package io.metafe.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.records.Column;
import io.metafe.records.DataType;
import io.metafe.sql.SqlException;
import io.metafe.sql.SqlParser;
import io.metafe.sql.ast.Statement;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryEngineTest {
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INT, false, null, ""),
          new Column("name", DataType.varchar(20), true, null, ""),
          new Column("dept", DataType.varchar(10), true, null, ""),
          new Column("salary", DataType.decimal(10, 2), true, null, ""));

  private static final List<Object[]> ROWS =
      List.of(
          new Object[] {1L, "ann", "eng", new BigDecimal("100.00")},
          new Object[] {2L, "bob", "eng", new BigDecimal("200.00")},
          new Object[] {3L, "cid", "ops", null},
          new Object[] {4L, null, "ENG", new BigDecimal("50.50")},
          new Object[] {5L, "eve", null, new BigDecimal("10.00")});

  private final SqlParser parser = new SqlParser("8.0.33");
  private final QueryEngine engine = new QueryEngine();

  private static RowSource table(List<Object[]> rows) {
    return new RowSource() {
      @Override
      public String database() {
        return "db1";
      }

      @Override
      public String table() {
        return "emp";
      }

      @Override
      public List<Column> columns() {
        return COLUMNS;
      }

      @Override
      public Iterable<Object[]> rows() {
        return rows;
      }
    };
  }

  private QueryResult run(String sql) {
    return run(sql, ROWS);
  }

  private QueryResult run(String sql, List<Object[]> rows) {
    return engine.select((Statement.Select) parser.parse(sql), table(rows), new TestSession());
  }

  private static List<List<Object>> rows(QueryResult r) {
    return r.rows().stream().map(Arrays::asList).toList();
  }

  private SqlException error(String sql) {
    try {
      run(sql);
    } catch (SqlException e) {
      return e;
    }
    throw new AssertionError("no error for " + sql);
  }

  @Test
  void selectWithoutTable() {
    QueryResult r =
        engine.select(
            (Statement.Select) parser.parse("select @@version_comment limit 1"),
            null,
            new TestSession());
    assertThat(r.columns())
        .containsExactly(new ResultColumn("@@version_comment", DataType.varchar(6), "", "", true));
    assertThat(rows(r)).containsExactly(List.of("MetaFE"));
    QueryResult one =
        engine.select(
            (Statement.Select) parser.parse("SELECT 1+1, NULL, 'abc' AS s, 1 < 2"),
            null,
            new TestSession());
    assertThat(one.columns())
        .extracting(ResultColumn::name)
        .containsExactly("1+1", "NULL", "s", "1 < 2");
    assertThat(one.columns())
        .extracting(ResultColumn::typeOrNull)
        .containsExactly(DataType.BIGINT, null, DataType.varchar(3), DataType.BIGINT);
    assertThat(rows(one)).containsExactly(Arrays.asList(2L, null, "abc", 1L));
  }

  @Test
  void starFilterAndColumnMetadata() {
    QueryResult r = run("SELECT * FROM emp WHERE dept = 'eng' AND salary > 60");
    assertThat(r.columns())
        .containsExactly(
            new ResultColumn("id", DataType.INT, "emp", "db1", false),
            new ResultColumn("name", DataType.varchar(20), "emp", "db1", true),
            new ResultColumn("dept", DataType.varchar(10), "emp", "db1", true),
            new ResultColumn("salary", DataType.decimal(10, 2), "emp", "db1", true));
    assertThat(r.rows()).extracting(row -> row[0]).containsExactly(1L, 2L);
    assertThat(rows(run("SELECT id FROM emp WHERE salary IS NULL OR name IS NULL")))
        .containsExactly(List.of(3L), List.of(4L));
    assertThat(rows(run("SELECT x.id FROM emp AS x WHERE x.name LIKE 'A%'")))
        .containsExactly(List.of(1L));
    assertThat(rows(run("SELECT id FROM emp WHERE salary <> 100"))).hasSize(3);
  }

  @Test
  void groupByWithAggregates() {
    QueryResult r =
        run(
            "SELECT dept, count(*), COUNT(name) AS named, sum(salary) s, avg(salary), min(name), "
                + "max(id) FROM emp GROUP BY dept ORDER BY dept");
    assertThat(r.columns())
        .extracting(ResultColumn::name)
        .containsExactly("dept", "count(*)", "named", "s", "avg(salary)", "min(name)", "max(id)");
    assertThat(r.columns())
        .extracting(ResultColumn::typeOrNull)
        .containsExactly(
            DataType.varchar(10),
            DataType.BIGINT,
            DataType.BIGINT,
            DataType.decimal(38, 2),
            DataType.decimal(38, 6),
            DataType.varchar(20),
            DataType.INT);
    assertThat(rows(r))
        .containsExactly(
            Arrays.asList(
                null, 1L, 1L, new BigDecimal("10.00"), new BigDecimal("10.000000"), "eve", 5L),
            Arrays.asList(
                "eng", 3L, 2L, new BigDecimal("350.50"), new BigDecimal("116.833333"), "ann", 4L),
            Arrays.asList("ops", 1L, 1L, null, null, "cid", 3L));
  }

  @Test
  void havingAliasesAndOrdinals() {
    assertThat(rows(run("SELECT dept d, count(*) AS n FROM emp GROUP BY 1 HAVING n > 1")))
        .containsExactly(List.of("eng", 3L));
    assertThat(rows(run("SELECT dept AS d, sum(id) FROM emp GROUP BY d ORDER BY 2 DESC LIMIT 2")))
        .containsExactly(
            List.of("eng", new BigDecimal("7")), Arrays.asList(null, new BigDecimal("5")));
    assertThat(rows(run("SELECT count(DISTINCT dept) FROM emp"))).containsExactly(List.of(2L));
    assertThat(rows(run("SELECT sum(id) FROM emp"))).containsExactly(List.of(new BigDecimal("15")));
  }

  @Test
  void aggregatesOverEmptyInput() {
    QueryResult r =
        run(
            "SELECT count(*), sum(salary), max(name), avg(id), count(name) FROM emp WHERE id > 100");
    assertThat(rows(r)).containsExactly(Arrays.asList(0L, null, null, null, 0L));
    assertThat(rows(run("SELECT count(*) FROM emp", List.of()))).containsExactly(List.of(0L));
    assertThat(run("SELECT dept, count(*) FROM emp GROUP BY dept", List.of()).rows()).isEmpty();
  }

  @Test
  void orderLimitOffsetAndDistinct() {
    assertThat(rows(run("SELECT name FROM emp ORDER BY name")))
        .containsExactly(
            Arrays.asList((Object) null),
            List.of("ann"),
            List.of("bob"),
            List.of("cid"),
            List.of("eve"));
    assertThat(rows(run("SELECT name FROM emp ORDER BY name DESC LIMIT 2")))
        .containsExactly(List.of("eve"), List.of("cid"));
    assertThat(rows(run("SELECT id FROM emp ORDER BY id LIMIT 1, 2")))
        .containsExactly(List.of(2L), List.of(3L));
    assertThat(rows(run("SELECT id FROM emp ORDER BY id LIMIT 2 OFFSET 3")))
        .containsExactly(List.of(4L), List.of(5L));
    // Stable: ties keep input order.
    assertThat(rows(run("SELECT id, dept FROM emp ORDER BY dept = 'eng' DESC")))
        .extracting(l -> l.get(0))
        .containsExactly(1L, 2L, 4L, 3L, 5L);
    assertThat(rows(run("SELECT DISTINCT dept FROM emp ORDER BY dept")))
        .containsExactly(Arrays.asList((Object) null), List.of("eng"), List.of("ops"));
    assertThat(rows(run("SELECT id * 2 AS twice FROM emp ORDER BY twice DESC LIMIT 1")))
        .containsExactly(List.of(10L));
  }

  @Test
  void unknownColumnsNameTheClause() {
    SqlException field = error("SELECT nope FROM emp");
    assertThat(field.code()).isEqualTo(1054);
    assertThat(field.sqlState()).isEqualTo("42S22");
    assertThat(field.getMessage()).isEqualTo("Unknown column 'nope' in 'field list'");
    assertThat(error("SELECT id FROM emp WHERE nope = 1").getMessage())
        .isEqualTo("Unknown column 'nope' in 'where clause'");
    assertThat(error("SELECT id FROM emp ORDER BY nope").getMessage())
        .isEqualTo("Unknown column 'nope' in 'order clause'");
    assertThat(error("SELECT id FROM emp AS x WHERE emp.id = 1").getMessage())
        .isEqualTo("Unknown column 'emp.id' in 'where clause'");
    assertThat(error("SELECT id FROM emp ORDER BY 3").getMessage())
        .isEqualTo("Unknown column '3' in 'order clause'");
    assertThat(error("SELECT id FROM emp WHERE count(*) > 1").code()).isEqualTo(1111);
    assertThat(error("SELECT nope FROM emp").code()).isEqualTo(1054);
  }

  @Test
  void unknownColumnFailsEvenOnEmptyTable() {
    SqlException e = null;
    try {
      run("SELECT id FROM emp WHERE nope = 1", List.of());
    } catch (SqlException ex) {
      e = ex;
    }
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(1054);
  }

  @Test
  void valueDerivedTypesAreNormalised() {
    QueryResult r =
        run("SELECT CASE WHEN id = 1 THEN 1 ELSE 2.5 END AS v FROM emp ORDER BY id LIMIT 2");
    assertThat(r.columns().get(0).typeOrNull()).isEqualTo(DataType.decimal(2, 1));
    assertThat(rows(r))
        .containsExactly(List.of(new BigDecimal("1.0")), List.of(new BigDecimal("2.5")));
  }
}
