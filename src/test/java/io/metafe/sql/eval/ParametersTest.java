package io.metafe.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.sql.SqlParser;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.SelectItem;
import io.metafe.sql.ast.Statement;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bound parameter and its value written into the text must be the same value, whatever surrounds
 * the '?'.
 */
class ParametersTest {
  private final SqlParser parser = new SqlParser("8.0.33");
  private final Evaluator evaluator = new Evaluator(new TestSession());

  private List<Object> values(Statement s) {
    List<Object> out = new ArrayList<>();
    for (SelectItem item : ((Statement.Select) s).items()) {
      out.add(evaluator.evaluate(((SelectItem.Item) item).expr()));
    }
    return out;
  }

  @Test
  void everyValueRoundTripsThroughTheTextEvenAfterCharactersOutsideTheBmp() {
    List<Object> given =
        Arrays.asList(
            null,
            42L,
            -7L,
            new BigDecimal("123.450"),
            2.5d,
            -1.0e300,
            0.1d,
            true,
            false,
            "it's a \\ \"q\" \u0000 ünï 😀 ' OR 1=1 #",
            "",
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 1, 1, 12, 0, 1, 250_000_000),
            "?");
    String sql = "SELECT '😀😀', " + "?, ".repeat(given.size() - 1) + "?";
    SqlParser.Parsed parsed = parser.parseWithParameters(sql);
    assertThat(parsed.markers()).hasSize(given.size());
    List<Object> bound = values(Parameters.bind(parsed.statement(), parsed.markers(), given));
    String text = Parameters.render(sql, parsed.markerChars(), given);
    List<Object> reparsed = values(parser.parse(text));
    assertThat(bound.subList(1, bound.size())).isEqualTo(given);
    assertThat(reparsed).isEqualTo(bound);
  }

  @Test
  void aValueCannotRunIntoTheTextBesideIt() {
    String sql = "SELECT ? 'c', ?x";
    SqlParser.Parsed parsed = parser.parseWithParameters(sql);
    String text = Parameters.render(sql, parsed.markerChars(), Arrays.asList("v", null));
    Statement.Select s = (Statement.Select) parser.parse(text);
    assertThat(((SelectItem.Item) s.items().get(0)).aliasOrNull()).isEqualTo("c");
    assertThat(((SelectItem.Item) s.items().get(1)).aliasOrNull()).isEqualTo("x");
    assertThat(values(s)).containsExactly("v", null);
  }

  @Test
  void parametersInsideSubqueriesAreBound() {
    SqlParser.Parsed parsed =
        parser.parseWithParameters("SELECT 1 FROM t WHERE k IN (SELECT ? FROM u) AND ? > 0");
    Statement.Select bound =
        (Statement.Select) Parameters.bind(parsed.statement(), parsed.markers(), List.of(5L, 6L));
    List<Class<?>> kinds = new ArrayList<>();
    Exprs.walk(bound.whereOrNull(), e -> kinds.add(e.getClass()));
    assertThat(kinds).doesNotContain(Expr.Parameter.class);
    Expr.InSubquery in = (Expr.InSubquery) ((Expr.Binary) bound.whereOrNull()).left();
    assertThat(((SelectItem.Item) in.select().items().get(0)).expr())
        .isEqualTo(new Expr.Literal(5L));
  }
}
