package io.metafe.sql.ast;

import java.util.List;

/** StarRocks' table model clause, e.g. {@code DUPLICATE KEY (k1, k2)}. */
public record KeysClause(KeyType type, List<String> columns) {
  /** The StarRocks table models. */
  public enum KeyType {
    DUPLICATE,
    AGGREGATE,
    UNIQUE,
    PRIMARY
  }

  public KeysClause {
    columns = List.copyOf(columns);
  }
}
