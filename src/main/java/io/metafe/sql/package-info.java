/**
 * MetaFE's SQL layer, pure Java without I/O, threads or clocks.
 *
 * <ul>
 *   <li>{@link io.metafe.sql.SqlParser}: SQL text to {@link io.metafe.sql.ast.Statement}.
 *   <li>{@link io.metafe.sql.SqlException} / {@link io.metafe.sql.SqlError}: MySQL error codes for
 *       every layer.
 *   <li>{@code io.metafe.sql.ast}: the syntax tree records.
 *   <li>{@code io.metafe.sql.parser}: the ANTLR grammar's generated parser and the tree builders
 *       (internal).
 *   <li>{@code io.metafe.sql.eval}: expression evaluation, single-table SELECT execution, value
 *       coercion into columns and MySQL text rendering.
 * </ul>
 */
package io.metafe.sql;
