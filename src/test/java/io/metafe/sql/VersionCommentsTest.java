package io.metafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.sql.ast.Statement;
import org.junit.jupiter.api.Test;

class VersionCommentsTest {
  private final VersionComments comments = new VersionComments(80033);
  private final SqlParser parser = new SqlParser("8.0.33");

  @Test
  void versionNumbersFollowMysql() {
    assertThat(VersionComments.number("8.0.33")).isEqualTo(80033);
    assertThat(VersionComments.number("5.7.44-log")).isEqualTo(50744);
    assertThat(VersionComments.number("10.11.6-MariaDB")).isEqualTo(101106);
  }

  @Test
  void aCommentAtOrBelowTheServerVersionRunsItsBody() {
    assertThat(comments.expand("/*!40100 SET @@SQL_MODE='' */"))
        .isEqualTo("         SET @@SQL_MODE=''   ");
    assertThat(comments.expand("/*!80033 SELECT 1 */").strip()).isEqualTo("SELECT 1");
    assertThat(comments.expand("/*! SELECT 1 */").strip()).isEqualTo("SELECT 1");
    assertThat(comments.expand("SELECT /*!40001 SQL_NO_CACHE */ * FROM t").replaceAll(" +", " "))
        .isEqualTo("SELECT SQL_NO_CACHE * FROM t");
  }

  @Test
  void aCommentAboveTheServerVersionIsDropped() {
    assertThat(comments.expand("SELECT 1 /*!80034 , 2 */").strip()).isEqualTo("SELECT 1");
    assertThat(comments.expand("SELECT 1 /*M!100616 , 2 */").strip()).isEqualTo("SELECT 1");
    assertThat(comments.expand("SELECT 1 /*M!50000 , 2 */").replaceAll(" +", " "))
        .isEqualTo("SELECT 1 , 2 ");
  }

  @Test
  void quotesAndOrdinaryCommentsAreLeftAlone() {
    String sql = "SELECT '/*!40100 x */', `/*!1 y*/` /* plain /*!1 */ -- /*!1 z */\n";
    assertThat(comments.expand(sql)).isEqualTo(sql);
    assertThat(comments.expand("SELECT 'it''s /*!1 a */'")).isEqualTo("SELECT 'it''s /*!1 a */'");
    assertThat(comments.expand("SELECT \"\\\" /*!1 a */\"")).isEqualTo("SELECT \"\\\" /*!1 a */\"");
  }

  @Test
  void theEndOfAnExecutableCommentIsFoundOutsideItsStringsAndComments() {
    assertThat(comments.expand("/*!40101 SET @a='*/' */").strip()).isEqualTo("SET @a='*/'");
    assertThat(comments.expand("/*!50000 SELECT 1 /* c */ , 2 */").replaceAll(" +", " ").strip())
        .isEqualTo("SELECT 1 /* c */ , 2");
    assertThat(comments.expand("/*!80034 SELECT '*/' */ SELECT 1").strip()).isEqualTo("SELECT 1");
  }

  @Test
  void blankingKeepsErrorPositions() {
    String sql = "/*!40101 SELECT FROM */";
    assertThat(comments.expand(sql)).hasSameSizeAs(sql);
    assertThatThrownBy(() -> parser.parse(sql))
        .isInstanceOf(SqlException.class)
        .satisfies(e -> assertThat(((SqlException) e).code()).isEqualTo(1064))
        .hasMessageContaining("column 17");
  }

  @Test
  void theParserRunsExecutableCommentsAndIgnoresHints() {
    assertThat(parser.parse("/*!40101 SET NAMES utf8mb4 */"))
        .isInstanceOf(Statement.SetStatement.class);
    assertThat(parser.parse("SELECT /*+ SET_VAR(query_timeout=1) */ 1"))
        .isInstanceOf(Statement.Select.class);
    assertThatThrownBy(() -> parser.parse("/*!99999 SET NAMES utf8mb4 */"))
        .isInstanceOf(SqlException.class)
        .satisfies(e -> assertThat(((SqlException) e).code()).isEqualTo(1065));
  }
}
