package io.metafe.sql.eval;

import io.metafe.records.DataType;

/**
 * Metadata of one result column.
 *
 * @param typeOrNull null for MySQL's NULL type (e.g. {@code SELECT NULL})
 * @param table the source table for plain column references, otherwise empty
 * @param database the source database for plain column references, otherwise empty
 */
public record ResultColumn(
    String name, DataType typeOrNull, String table, String database, boolean nullable) {}
