package io.metafe.sql.ast;

/** One ORDER BY key. */
public record OrderItem(Expr expr, boolean descending) {}
