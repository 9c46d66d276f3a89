package io.metafe.sql.parser;

import io.metafe.sql.ast.ColumnDefinition;
import io.metafe.sql.ast.Distribution;
import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.KeysClause;
import io.metafe.sql.ast.Statement;
import io.metafe.sql.ast.TableName;
import io.metafe.sql.parser.MetaSqlParser.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds CREATE TABLE and the name/property helpers the other builders share. */
final class DdlBuilder {
  /**
   * StarRocks aggregate-model column functions; accepted so AGGREGATE KEY DDL parses, but not kept.
   */
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "replace",
          "replace_if_not_null",
          "hll_union",
          "bitmap_union",
          "percentile_union");

  private DdlBuilder() {}

  static Statement.CreateTable createTable(CreateTableContext ctx) {
    List<ColumnDefinition> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    for (TableElementContext element : ctx.tableElement()) {
      if (element instanceof ColumnElementContext c) {
        columns.add(column(c.columnDefinition()));
        if (c.columnDefinition().columnAttribute().stream()
            .anyMatch(a -> a instanceof PrimaryKeyAttributeContext)) {
          primaryKey.add(Texts.identifier(c.columnDefinition().identifier()));
        }
      } else if (element instanceof PrimaryKeyElementContext p) {
        if (!primaryKey.isEmpty()) {
          throw Texts.error(p, "Multiple primary key defined");
        }
        primaryKey.addAll(identifiers(p.identifierList()));
      }
    }
    KeysClause keys = null;
    if (ctx.keysClause() != null) {
      KeysClause.KeyType type =
          KeysClause.KeyType.valueOf(ctx.keysClause().kind.getText().toUpperCase(Locale.ROOT));
      keys = new KeysClause(type, identifiers(ctx.keysClause().identifierList()));
      if (!primaryKey.isEmpty()) {
        throw Texts.error(
            ctx.keysClause(),
            "a PRIMARY KEY among the columns and a " + type + " KEY clause: give one");
      }
    } else if (!primaryKey.isEmpty()) {
      // MetaFE's tables keep every row (the duplicate model): a MySQL primary key becomes the sort
      // key only.
      keys = new KeysClause(KeysClause.KeyType.DUPLICATE, primaryKey);
    }
    Distribution distribution = null;
    if (ctx.distribution() != null) {
      DistributionContext d = ctx.distribution();
      Integer buckets = null;
      if (d.INTEGER_VALUE() != null) {
        try {
          buckets = Integer.parseInt(d.INTEGER_VALUE().getText());
        } catch (NumberFormatException e) {
          throw Texts.error(d, "BUCKETS " + d.INTEGER_VALUE().getText() + " is too large");
        }
      }
      distribution =
          d.RANDOM() != null
              ? new Distribution(Distribution.Kind.RANDOM, List.of(), buckets)
              : new Distribution(Distribution.Kind.HASH, identifiers(d.identifierList()), buckets);
    }
    String engine = null;
    String comment = ctx.COMMENT() == null ? "" : Texts.string(ctx.string());
    for (TableOptionContext option : ctx.tableOption()) {
      if (option instanceof EngineOptionContext e) {
        engine = Texts.identifier(e.identifier());
      } else if (option instanceof CommentOptionContext c) {
        comment = Texts.string(c.string());
      }
    }
    return new Statement.CreateTable(
        tableName(ctx.tableName()),
        ctx.EXISTS() != null,
        columns,
        keys,
        comment,
        distribution,
        properties(ctx.property()),
        engine);
  }

  private static ColumnDefinition column(ColumnDefinitionContext ctx) {
    if (ctx.aggregation != null
        && !AGGREGATIONS.contains(ctx.aggregation.getText().toLowerCase(Locale.ROOT))) {
      throw Texts.error(
          ctx, "unexpected '" + ctx.aggregation.getText() + "' after the column type");
    }
    Boolean nullable = null;
    Expr defaultValue = null;
    boolean defaultCurrentTimestamp = false;
    String comment = "";
    for (ColumnAttributeContext attribute : ctx.columnAttribute()) {
      if (attribute instanceof NotNullAttributeContext) {
        nullable = false;
      } else if (attribute instanceof NullAttributeContext) {
        nullable = true;
      } else if (attribute instanceof DefaultCurrentTimestampContext) {
        defaultCurrentTimestamp = true;
        defaultValue = null;
      } else if (attribute instanceof DefaultLiteralContext d) {
        Expr literal = ExprBuilder.literal(d.literal());
        defaultValue = d.MINUS() != null ? ExprBuilder.negate(literal) : literal;
        defaultCurrentTimestamp = false;
      } else if (attribute instanceof CommentAttributeContext c) {
        comment = Texts.string(c.string());
      }
    }
    return new ColumnDefinition(
        Texts.identifier(ctx.identifier()),
        TypeBuilder.columnType(ctx.dataType()),
        nullable,
        defaultValue,
        defaultCurrentTimestamp,
        comment);
  }

  static TableName tableName(TableNameContext ctx) {
    if (ctx.identifier().size() == 2) {
      return new TableName(
          Texts.identifier(ctx.identifier(0)), Texts.identifier(ctx.identifier(1)));
    }
    return new TableName(null, Texts.identifier(ctx.identifier(0)));
  }

  static List<String> identifiers(IdentifierListContext ctx) {
    return ctx.identifier().stream().map(Texts::identifier).toList();
  }

  static Map<String, String> properties(List<PropertyContext> contexts) {
    Map<String, String> out = new LinkedHashMap<>();
    for (PropertyContext p : contexts) {
      out.put(Texts.string(p.key), Texts.string(p.value));
    }
    return out;
  }
}
