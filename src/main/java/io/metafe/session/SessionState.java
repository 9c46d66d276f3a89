package io.metafe.session;

import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.VarScope;
import io.metafe.sql.eval.SessionContext;
import io.metafe.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One connection's state: current database, session variable overrides and user variables. Used
 * only by its connection's thread.
 */
final class SessionState implements SessionContext {
  private final SystemVariables system;
  private final long connectionId;
  private final String user;
  private final Clock clock;
  private final Map<String, Object> sessionOverrides = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, Object> userVariables = new HashMap<>();
  private String database;
  private LocalDateTime statementTime;

  /**
   * @param clock NOW() is its wall time, in the JVM's zone
   */
  SessionState(SystemVariables system, long connectionId, String user, Clock clock) {
    this.system = system;
    this.connectionId = connectionId;
    this.user = user;
    this.clock = clock;
    this.statementTime = wallNow();
  }

  /** Fixes NOW() for the statement about to run, so every row of it sees the same time. */
  void startStatement() {
    statementTime = wallNow();
  }

  private LocalDateTime wallNow() {
    return LocalDateTime.ofInstant(clock.wallTime(), ZoneId.systemDefault());
  }

  @Override
  public String currentDatabase() {
    return database;
  }

  void useDatabase(String name) {
    database = name;
  }

  @Override
  public String currentUser() {
    return user;
  }

  @Override
  public long connectionId() {
    return connectionId;
  }

  @Override
  public LocalDateTime now() {
    return statementTime;
  }

  @Override
  public Object variable(VarScope scope, String name) {
    if (scope == VarScope.USER) {
      return userVariables.get(name.toLowerCase(Locale.ROOT));
    }
    if (scope != VarScope.GLOBAL && sessionOverrides.containsKey(name)) {
      return sessionOverrides.get(name);
    }
    return system.global(name);
  }

  void setUserVariable(String name, Object value) {
    userVariables.put(name.toLowerCase(Locale.ROOT), value);
  }

  /**
   * Sets a session variable; null restores the global value (SET x = DEFAULT).
   *
   * @throws SqlException 1193 for an unknown variable, 1232 for a value of the wrong type, 1231 for
   *     a value the variable cannot take
   */
  void setSessionVariable(String name, Object value, boolean isDefault) {
    system.global(name);
    if (isDefault) {
      sessionOverrides.remove(name);
      return;
    }
    Object normalized = normalize(name, value);
    if (name.equalsIgnoreCase("autocommit")
        && !(normalized instanceof Long l && (l == 0 || l == 1))) {
      throw SqlException.of(SqlError.WRONG_VALUE_FOR_VAR, "autocommit", value);
    }
    sessionOverrides.put(name, normalized);
  }

  private Object normalize(String name, Object value) {
    Object global = system.global(name);
    if (global instanceof Long && value instanceof String s) {
      switch (s.toUpperCase(Locale.ROOT)) {
        case "ON", "TRUE" -> {
          return 1L;
        }
        case "OFF", "FALSE" -> {
          return 0L;
        }
        default -> {
          try {
            return Long.parseLong(s.strip());
          } catch (NumberFormatException e) {
            throw SqlException.of(SqlError.WRONG_TYPE_FOR_VAR, name);
          }
        }
      }
    }
    if (global instanceof Long && value instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (global instanceof Long && value instanceof Number n) {
      return n.longValue();
    }
    return value;
  }

  /** Whether each write commits on its own ({@code @@autocommit}). */
  boolean autocommit() {
    return !(variable(VarScope.SESSION, "autocommit") instanceof Long l) || l != 0;
  }

  /** Session values over global ones, for SHOW VARIABLES. */
  Map<String, Object> effectiveVariables() {
    Map<String, Object> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.putAll(system.all());
    all.putAll(sessionOverrides);
    return all;
  }
}
