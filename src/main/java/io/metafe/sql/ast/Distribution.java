package io.metafe.sql.ast;

import java.util.List;

/**
 * {@code DISTRIBUTED BY HASH(c1, ...) [BUCKETS n]} or {@code DISTRIBUTED BY RANDOM [BUCKETS n]}.
 *
 * @param columns empty for RANDOM
 * @param bucketsOrNull null when BUCKETS was not written
 */
public record Distribution(Kind kind, List<String> columns, Integer bucketsOrNull) {
  /** How rows are spread over buckets. */
  public enum Kind {
    HASH,
    RANDOM
  }

  public Distribution {
    columns = List.copyOf(columns);
  }
}
