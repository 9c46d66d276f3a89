/**
 * Evaluation: {@link io.metafe.sql.eval.Evaluator} (expressions), {@link
 * io.metafe.sql.eval.QueryEngine} (single-table SELECT over a {@link
 * io.metafe.sql.eval.RowSource}), {@link io.metafe.sql.eval.Coercion} (strict conversion into
 * column values), {@link io.metafe.sql.eval.ValueFormat} (text protocol rendering), {@link
 * io.metafe.sql.eval.LikePattern} and {@link io.metafe.sql.eval.Temporals}. The session supplies
 * variables, the current user and the clock through {@link io.metafe.sql.eval.SessionContext};
 * nothing here does I/O, keeps state between calls or reads the system clock. Package-private
 * helpers: Values (implicit conversions and comparison), Arithmetic, Casts, Functions, Aggregator,
 * TableScope, Exprs, TypeInference.
 */
package io.metafe.sql.eval;
