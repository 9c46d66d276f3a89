package io.metafe.sql.parser;

import io.metafe.sql.SqlException;
import io.metafe.sql.parser.MetaSqlParser.IdentifierContext;
import io.metafe.sql.parser.MetaSqlParser.StringContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/** Token text helpers shared by the AST builders: unquoting and source positions. */
final class Texts {
  private Texts() {}

  static String identifier(IdentifierContext ctx) {
    String text = ctx.getText();
    if (text.startsWith("`")) {
      return text.substring(1, text.length() - 1).replace("``", "`");
    }
    return text;
  }

  static String string(StringContext ctx) {
    return unquote(ctx.getText());
  }

  /**
   * Removes the quotes of a '...' or "..." literal and applies MySQL's escapes. {@code \%} and
   * {@code \_} keep their backslash because LIKE gives them meaning.
   */
  static String unquote(String quoted) {
    char quote = quoted.charAt(0);
    StringBuilder out = new StringBuilder(quoted.length());
    int end = quoted.length() - 1;
    for (int i = 1; i < end; i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < end) {
        char next = quoted.charAt(++i);
        switch (next) {
          case '0' -> out.append('\0');
          case 'b' -> out.append('\b');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'Z' -> out.append('\u001A');
          case '%', '_' -> out.append('\\').append(next);
          default -> out.append(next);
        }
      } else if (c == quote && i + 1 < end && quoted.charAt(i + 1) == quote) {
        out.append(quote);
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The exact source text of a rule, comments and spacing included. */
  static String source(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    if (stop == null || stop.getStopIndex() < start.getStartIndex()) {
      return "";
    }
    return start.getInputStream().getText(Interval.of(start.getStartIndex(), stop.getStopIndex()));
  }

  /**
   * A 1064 error located at the start of {@code ctx}, for semantic checks done while building the
   * tree.
   */
  static SqlException error(ParserRuleContext ctx, String detail) {
    Token start = ctx.getStart();
    String rest =
        start
            .getInputStream()
            .getText(Interval.of(start.getStartIndex(), start.getInputStream().size() - 1));
    return SqlException.syntax(rest, start.getLine(), start.getCharPositionInLine(), detail);
  }
}
