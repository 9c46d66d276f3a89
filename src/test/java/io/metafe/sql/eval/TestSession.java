package io.metafe.sql.eval;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.VarScope;
import java.time.LocalDateTime;
import java.util.Map;

/** A fixed session for tests. */
record TestSession(String currentDatabase, Map<String, Object> variables)
    implements SessionContext {
  static final LocalDateTime NOW = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_789);

  TestSession() {
    this(
        "db1",
        Map.of(
            "version",
            "5.7.99-MetaFE",
            "version_comment",
            "MetaFE",
            "max_allowed_packet",
            67108864L));
  }

  @Override
  public String currentUser() {
    return "root@127.0.0.1";
  }

  @Override
  public long connectionId() {
    return 42;
  }

  @Override
  public LocalDateTime now() {
    return NOW;
  }

  @Override
  public Object variable(VarScope scope, String name) {
    if (scope == VarScope.USER) {
      return variables.get("@" + name);
    }
    if (!variables.containsKey(name)) {
      throw SqlException.of(SqlError.UNKNOWN_SYSTEM_VARIABLE, name);
    }
    return variables.get(name);
  }
}
