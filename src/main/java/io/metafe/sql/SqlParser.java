package io.metafe.sql;

import io.metafe.sql.ast.Statement;
import io.metafe.sql.parser.AstBuilder;
import io.metafe.sql.parser.MetaSqlLexer;
import io.metafe.sql.parser.MetaSqlParser;
import java.util.Objects;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses one MySQL/StarRocks statement into a {@link Statement}.
 *
 * <p>Thread-safe: every call builds its own lexer and parser; only ANTLR's internal prediction
 * cache is shared, and ANTLR synchronises it. Parsing first tries the fast SLL prediction mode and
 * re-parses with full LL only when SLL fails, which is either a real syntax error or one of the
 * rare inputs SLL cannot decide.
 */
public final class SqlParser {
  private final VersionComments versionComments;

  /**
   * @param serverVersion the version reported to clients, e.g. {@code 8.0.33}; decides which
   *     executable comments run
   */
  public SqlParser(String serverVersion) {
    this.versionComments = new VersionComments(VersionComments.number(serverVersion));
  }

  /**
   * @throws SqlException 1064 for a syntax error (message names the position and what was
   *     expected), 1065 for a statement that is empty or only comments
   */
  public Statement parse(String text) {
    Parsed parsed = parseWithParameters(text);
    if (!parsed.markers().isEmpty()) {
      int at = parsed.markerChars().get(0);
      throw SqlException.syntax(
          text.substring(Math.min(at, text.length())),
          1,
          at,
          "'?' parameters belong to"
              + " prepared statements (COM_STMT_PREPARE); write the value here instead");
    }
    return parsed.statement();
  }

  /**
   * A statement that may hold {@code ?} parameters, as for COM_STMT_PREPARE.
   *
   * @param markers the parameters' positions in code points, in order; {@link
   *     io.metafe.sql.ast.Expr.Parameter} nodes carry the same numbers
   * @param markerChars the same positions as indexes into the statement's Java string, where each
   *     {@code ?} is
   */
  public record Parsed(
      Statement statement, java.util.List<Integer> markers, java.util.List<Integer> markerChars) {}

  /** As {@link #parse}, but {@code ?} parameters are allowed. */
  public Parsed parseWithParameters(String text) {
    Objects.requireNonNull(text, "sql");
    String sql = versionComments.expand(text);
    MetaSqlLexer lexer = new MetaSqlLexer(CharStreams.fromString(sql));
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    if (tokens.getTokens().stream()
        .allMatch(
            t ->
                t.getType() == Token.EOF
                    || t.getChannel() != Token.DEFAULT_CHANNEL
                    || t.getType() == MetaSqlLexer.SEMI)) {
      throw SqlException.of(SqlError.EMPTY_QUERY);
    }
    java.util.List<Integer> markers = new java.util.ArrayList<>();
    java.util.List<Integer> markerChars = new java.util.ArrayList<>();
    for (Token t : tokens.getTokens()) {
      if (t.getType() == MetaSqlLexer.QUESTION) {
        // ANTLR counts code points; a character outside the BMP takes two Java chars. The expanded
        // text has the same chars as the original (blanking keeps every char's place), so its char
        // index is the original's.
        markers.add(t.getStartIndex());
        markerChars.add(sql.offsetByCodePoints(0, t.getStartIndex()));
      }
    }
    MetaSqlParser parser = new MetaSqlParser(tokens);
    parser.removeErrorListeners();
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new BailErrorStrategy());
    MetaSqlParser.SingleStatementContext tree;
    try {
      tree = parser.singleStatement();
    } catch (ParseCancellationException e) {
      tokens.seek(0);
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.addErrorListener(new ThrowingListener(sql));
      try {
        tree = parser.singleStatement();
      } catch (SqlException syntax) {
        String feature = Unsupported.feature(sql);
        if (feature == null) {
          throw syntax;
        }
        throw SqlException.of(
            SqlError.NOT_SUPPORTED_YET,
            feature + "; docs/compatibility.md lists what MetaFE" + " runs");
      }
    }
    return new Parsed(
        AstBuilder.statement(tree),
        java.util.List.copyOf(markers),
        java.util.List.copyOf(markerChars));
  }

  /** Turns the first syntax error into a MySQL-style 1064 instead of letting ANTLR recover. */
  private static final class ThrowingListener extends BaseErrorListener {
    private final String sql;

    ThrowingListener(String sql) {
      this.sql = sql;
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int charPositionInLine,
        String msg,
        RecognitionException e) {
      String near = "";
      if (offendingSymbol instanceof Token token
          && token.getType() != Token.EOF
          && token.getStartIndex() >= 0) {
        near = sql.substring(Math.min(token.getStartIndex(), sql.length()));
      }
      String detail = msg.length() > 300 ? msg.substring(0, 300) + "...}" : msg;
      throw SqlException.syntax(near, line, charPositionInLine + 1, detail);
    }
  }
}
