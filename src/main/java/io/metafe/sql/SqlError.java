package io.metafe.sql;

/**
 * The MySQL errors MetaFE reports: code, SQLSTATE and a {@link String#format} message template.
 * Codes and texts follow MySQL so that clients and tools recognise them.
 */
public enum SqlError {
  DB_CREATE_EXISTS(1007, "HY000", "Can't create database '%s'; database exists"),
  DB_DROP_EXISTS(1008, "HY000", "Can't drop database '%s'; database doesn't exist"),
  /** Args: user, database. */
  DB_ACCESS_DENIED(1044, "42000", "Access denied for user '%s' to database '%s'"),
  ACCESS_DENIED(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
  NO_DB(1046, "3D000", "No database selected"),
  BAD_NULL(1048, "23000", "Column '%s' cannot be null"),
  BAD_DB(1049, "42000", "Unknown database '%s'"),
  TABLE_EXISTS(1050, "42S01", "Table '%s' already exists"),
  BAD_TABLE(1051, "42S02", "Unknown table '%s'"),
  /**
   * Args: column (qualified as written), clause such as {@code field list}, {@code where clause}.
   */
  BAD_FIELD(1054, "42S22", "Unknown column '%s' in '%s'"),
  /** Args: the full message (near/position/expectation), see {@link SqlException#syntax}. */
  SYNTAX(1064, "42000", "You have an error in your SQL syntax near '%s' at line %d, column %d: %s"),
  DUP_FIELDNAME(1060, "42S21", "Duplicate column name '%s'"),
  /** Args: column, why. */
  INVALID_DEFAULT(1067, "42000", "Invalid default value for '%s': %s"),
  EMPTY_QUERY(1065, "42000", "Query was empty"),
  NO_TABLES_USED(1096, "HY000", "No tables used"),
  UNKNOWN(1105, "HY000", "%s"),
  FIELD_SPECIFIED_TWICE(1110, "42000", "Column '%s' specified twice"),
  /** Args: name, the rule. */
  WRONG_DB_NAME(1102, "42000", "Incorrect database name '%s': %s"),
  /** Args: name, the rule. */
  WRONG_TABLE_NAME(1103, "42000", "Incorrect table name '%s': %s"),
  /** Args: column, the rule. */
  WRONG_COLUMN_NAME(1166, "42000", "Incorrect column name '%s': %s"),
  INVALID_GROUP_FUNC_USE(1111, "HY000", "Invalid use of group function"),
  WRONG_VALUE_COUNT_ON_ROW(1136, "21S01", "Column count doesn't match value count at row %d"),
  /** Arg: {@code db.t}. */
  NO_SUCH_TABLE(1146, "42S02", "Table '%s' doesn't exist"),
  /** Args: table, schema. */
  UNKNOWN_TABLE_IN_SCHEMA(1109, "42S02", "Unknown table '%s' in %s"),
  /** Arg: what the transaction would take and what to do. */
  TRANSACTION_TOO_LARGE(1197, "HY000", "Multi-statement transaction too large: %s"),
  /** Arg: why the commit failed; the transaction is rolled back. */
  COMMIT_FAILED(1180, "HY000", "Got error during COMMIT: %s"),
  OPERAND_COLUMNS(1241, "21000", "Operand should contain %d column(s)"),
  SUBQUERY_NO_1_ROW(1242, "21000", "Subquery returns more than 1 row"),
  UNKNOWN_SYSTEM_VARIABLE(1193, "HY000", "Unknown system variable '%s'"),
  WRONG_VALUE_FOR_VAR(1231, "42000", "Variable '%s' can't be set to the value of '%s'"),
  WRONG_TYPE_FOR_VAR(1232, "42000", "Incorrect argument type to variable '%s'"),
  NOT_SUPPORTED_YET(1235, "42000", "This version of MetaFE doesn't yet support '%s'"),
  /** Args: variable, {@code SESSION} or {@code GLOBAL}. */
  INCORRECT_GLOBAL_LOCAL_VAR(1238, "HY000", "Variable '%s' is a %s variable"),
  /** Args: column, row. */
  OUT_OF_RANGE(1264, "22003", "Out of range value for column '%s' at row %d"),
  /** Args: kind ({@code date}, {@code datetime}), value, column, row. */
  TRUNCATED_WRONG_VALUE(1292, "22007", "Incorrect %s value: '%s' for column '%s' at row %d"),
  /** Arg: function name. */
  FUNCTION_NOT_EXISTS(1305, "42000", "FUNCTION %s does not exist"),
  /**
   * Args: kind ({@code integer}, {@code decimal}, {@code double}, {@code boolean}), value, column,
   * row.
   */
  TRUNCATED_WRONG_VALUE_FOR_FIELD(
      1366, "HY000", "Incorrect %s value: '%s' for column '%s' at row %d"),
  NO_DEFAULT_FOR_FIELD(1364, "HY000", "Field '%s' doesn't have a default value"),
  /** Args: column, row. */
  DATA_TOO_LONG(1406, "22001", "Data too long for column '%s' at row %d"),
  WRONG_PARAM_COUNT(1582, "42000", "Incorrect parameter count in the call to native function '%s'"),
  /** Args: type ({@code BIGINT}, {@code DECIMAL}), expression. */
  DATA_OUT_OF_RANGE(1690, "22003", "%s value is out of range in '%s'");

  private final int code;
  private final String sqlState;
  private final String format;

  SqlError(int code, String sqlState, String format) {
    this.code = code;
    this.sqlState = sqlState;
    this.format = format;
  }

  public int code() {
    return code;
  }

  public String sqlState() {
    return sqlState;
  }

  public String format() {
    return format;
  }
}
