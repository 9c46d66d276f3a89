package io.metafe.sql.parser;

import io.metafe.records.DataType;
import io.metafe.sql.parser.MetaSqlParser.CastTypeContext;
import io.metafe.sql.parser.MetaSqlParser.DataTypeContext;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Resolves type names of column definitions and CAST targets to {@link DataType}. */
final class TypeBuilder {
  private TypeBuilder() {}

  static DataType columnType(DataTypeContext ctx) {
    String name = Texts.identifier(ctx.typeName().identifier()).toLowerCase(Locale.ROOT);
    List<Integer> params = params(ctx, ctx.INTEGER_VALUE());
    if (ctx.UNSIGNED() != null) {
      DataType widened = unsignedInteger(name);
      if (widened != null) {
        return widened;
      }
      if (!List.of("decimal", "numeric", "dec", "fixed", "float", "double", "real")
          .contains(name)) {
        throw Texts.error(
            ctx, "UNSIGNED applies to numeric types, not " + name.toUpperCase(Locale.ROOT));
      }
    }
    try {
      return switch (name) {
        case "boolean", "bool" -> noParams(ctx, name, params, DataType.BOOLEAN);
        // Display widths such as INT(11) are accepted and ignored, as in MySQL 8.
        case "tinyint" -> DataType.TINYINT;
        case "smallint" -> DataType.SMALLINT;
        case "int", "integer", "mediumint" -> DataType.INT;
        case "bigint" -> DataType.BIGINT;
        case "float" -> DataType.FLOAT;
        case "double", "real" -> DataType.DOUBLE;
        case "decimal",
            "decimalv2",
            "decimal32",
            "decimal64",
            "decimal128",
            "numeric",
            "dec",
            "fixed" ->
            decimal(params);
        case "text", "tinytext", "mediumtext", "longtext" ->
            noParams(ctx, name, params, DataType.varchar(DataType.STRING_LENGTH));
        case "timestamp" -> noParams(ctx, name, params, DataType.DATETIME);
        case "char" -> DataType.chars(params.isEmpty() ? 1 : params.get(0));
        case "varchar" -> {
          if (params.isEmpty()) {
            throw Texts.error(ctx, "VARCHAR requires a length, e.g. VARCHAR(255)");
          }
          yield DataType.varchar(params.get(0));
        }
        case "string" -> noParams(ctx, name, params, DataType.varchar(DataType.STRING_LENGTH));
        case "date" -> noParams(ctx, name, params, DataType.DATE);
        case "datetime" -> noParams(ctx, name, params, DataType.DATETIME);
        default -> throw Texts.error(ctx, "unknown or unsupported column type '" + name + "'");
      };
    } catch (IllegalArgumentException e) {
      throw Texts.error(ctx, e.getMessage());
    }
  }

  /**
   * MySQL's unsigned integers, as the next wider signed type that holds all their values (BIGINT
   * UNSIGNED as DECIMAL(20,0)); negative values are not refused. Null for a type that is not an
   * integer.
   */
  private static DataType unsignedInteger(String name) {
    return switch (name) {
      case "tinyint" -> DataType.SMALLINT;
      case "smallint" -> DataType.INT;
      case "int", "integer", "mediumint" -> DataType.BIGINT;
      case "bigint" -> DataType.decimal(20, 0);
      default -> null;
    };
  }

  static DataType castType(CastTypeContext ctx) {
    String name = Texts.identifier(ctx.typeName().identifier()).toLowerCase(Locale.ROOT);
    List<Integer> params = params(ctx, ctx.INTEGER_VALUE());
    String suffix =
        ctx.suffix == null ? null : Texts.identifier(ctx.suffix).toLowerCase(Locale.ROOT);
    if (suffix != null
        && !((name.equals("signed") || name.equals("unsigned"))
            && (suffix.equals("int") || suffix.equals("integer")))) {
      throw Texts.error(ctx.suffix, "unexpected '" + suffix + "' in CAST type");
    }
    try {
      return switch (name) {
        // UNSIGNED has no Long-backed type of its own; values are kept signed.
        case "signed", "unsigned", "int", "integer", "bigint" -> DataType.BIGINT;
        case "char", "varchar", "binary", "string" ->
            DataType.varchar(params.isEmpty() ? DataType.MAX_VARCHAR_LENGTH : params.get(0));
        case "decimal", "numeric" -> decimal(params);
        case "double", "real" -> DataType.DOUBLE;
        case "float" -> DataType.FLOAT;
        case "date" -> DataType.DATE;
        case "datetime" -> DataType.DATETIME;
        case "boolean", "bool" -> DataType.BOOLEAN;
        default -> throw Texts.error(ctx, "unknown CAST type '" + name + "'");
      };
    } catch (IllegalArgumentException e) {
      throw Texts.error(ctx, e.getMessage());
    }
  }

  private static DataType decimal(List<Integer> params) {
    int precision = params.isEmpty() ? 10 : params.get(0);
    int scale = params.size() > 1 ? params.get(1) : 0;
    return DataType.decimal(precision, scale);
  }

  private static DataType noParams(
      ParserRuleContext ctx, String name, List<Integer> params, DataType type) {
    if (!params.isEmpty()) {
      throw Texts.error(ctx, name.toUpperCase(Locale.ROOT) + " takes no length or precision");
    }
    return type;
  }

  private static List<Integer> params(ParserRuleContext ctx, List<TerminalNode> nodes) {
    return nodes.stream()
        .map(
            node -> {
              try {
                return Integer.parseInt(node.getText());
              } catch (NumberFormatException e) {
                throw Texts.error(ctx, "type parameter " + node.getText() + " is too large");
              }
            })
        .toList();
  }
}
