package io.metafe.session;

import io.metafe.records.Column;
import io.metafe.records.DataType;
import io.metafe.records.TableDefinition;
import io.metafe.sql.eval.ValueFormat;
import java.util.stream.Collectors;

/** Renders a table definition back as the CREATE TABLE statement SHOW CREATE TABLE prints. */
final class TableDdl {
  private TableDdl() {}

  static String createTable(TableDefinition t) {
    StringBuilder sb = new StringBuilder();
    sb.append("CREATE TABLE `").append(t.name()).append("` (\n");
    for (int i = 0; i < t.columns().size(); i++) {
      Column c = t.columns().get(i);
      sb.append("  `")
          .append(c.name())
          .append("` ")
          .append(typeText(c.type()))
          .append(c.nullable() ? " NULL" : " NOT NULL");
      if (c.defaultValue() != null) {
        if (CreateTableChange.defaultsToCurrentTimestamp(c)) {
          sb.append(" DEFAULT CURRENT_TIMESTAMP");
        } else {
          sb.append(" DEFAULT \"")
              .append(escape(ValueFormat.toText(c.defaultValue(), c.type())))
              .append('"');
        }
      }
      sb.append(" COMMENT \"").append(escape(c.comment())).append('"');
      sb.append(i + 1 < t.columns().size() ? ",\n" : "\n");
    }
    sb.append(") ENGINE=OLAP \n");
    sb.append(t.keysType()).append(" KEY(").append(quoted(t.keyColumns())).append(")\n");
    sb.append("COMMENT \"")
        .append(escape(t.comment().isEmpty() ? "OLAP" : t.comment()))
        .append("\"\n");
    if (t.distribution().equals("HASH")) {
      sb.append("DISTRIBUTED BY HASH(").append(quoted(t.distributionColumns())).append(')');
    } else {
      sb.append("DISTRIBUTED BY RANDOM");
    }
    if (t.buckets() > 0) {
      sb.append(" BUCKETS ").append(t.buckets());
    }
    sb.append(" \n");
    if (!t.properties().isEmpty()) {
      sb.append("PROPERTIES (\n");
      sb.append(
          t.properties().entrySet().stream()
              .map(e -> "\"" + escape(e.getKey()) + "\" = \"" + escape(e.getValue()) + "\"")
              .collect(Collectors.joining(",\n")));
      sb.append("\n)");
    }
    // No closing semicolon, as in MySQL: dump tools add their own.
    return sb.toString();
  }

  /** The type as SHOW CREATE TABLE writes it, with MySQL's display widths for integers. */
  static String typeText(DataType type) {
    return switch (type.kind()) {
      case TINYINT -> "tinyint(4)";
      case SMALLINT -> "smallint(6)";
      case INT -> "int(11)";
      case BIGINT -> "bigint(20)";
      default -> type.sql();
    };
  }

  private static String quoted(java.util.List<String> names) {
    return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
