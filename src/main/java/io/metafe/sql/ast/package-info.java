/**
 * The SQL syntax tree: {@link io.metafe.sql.ast.Statement} (one record per statement family) and
 * {@link io.metafe.sql.ast.Expr} (scalar expressions), plus the clause records they are built from.
 * All types are immutable records and safe to share between threads.
 */
package io.metafe.sql.ast;
