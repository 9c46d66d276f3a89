/**
 * Internal: the ANTLR-generated lexer/parser (grammars in {@code
 * src/main/antlr4/io/metafe/sql/parser}) and the builders that turn parse trees into {@link
 * io.metafe.sql.ast} records. {@link io.metafe.sql.parser.AstBuilder} dispatches; DdlBuilder,
 * QueryBuilder, SetBuilder and ExprBuilder handle one family each; TypeBuilder maps type names;
 * Texts unquotes. Use {@link io.metafe.sql.SqlParser} rather than these classes.
 */
package io.metafe.sql.parser;
