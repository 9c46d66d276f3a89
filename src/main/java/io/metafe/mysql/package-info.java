/**
 * The MySQL client/server wire protocol, server side. Knows nothing of the catalog or SQL.
 *
 * <p>Map of the package:
 *
 * <ul>
 *   <li>{@link io.metafe.mysql.MysqlServer}: acceptor thread and one thread per connection; the
 *       public entry point, configured by {@link io.metafe.mysql.MysqlServerConfig}.
 *   <li>{@code Connection}: per-connection lifecycle (handshake, command loop, cleanup).
 *   <li>{@code Handshake} and {@code NativePassword}: Handshake v10, HandshakeResponse41, auth
 *       switch, {@code mysql_native_password} verification against a {@link
 *       io.metafe.mysql.PasswordStore}.
 *   <li>{@code PacketReader}, {@code PacketWriter}, {@code Sequence}: framing, sequence ids, split
 *       payloads.
 *   <li>{@code PayloadReader}, {@code PayloadBuilder}: protocol data types inside a payload.
 *   <li>{@code ResultEncoder}: OK, ERR, EOF packets, column definitions and text result sets.
 *   <li>{@link io.metafe.mysql.Session}, {@link io.metafe.mysql.SessionFactory}, {@link
 *       io.metafe.mysql.Response}, {@link io.metafe.mysql.ColumnMeta}, {@link
 *       io.metafe.mysql.FieldType}: the contract with whatever executes statements.
 * </ul>
 *
 * <p>Deliberately absent: TLS, compression, prepared statements, CLIENT_DEPRECATE_EOF,
 * multi-statements. None of these is advertised in the greeting, so well-behaved clients never ask
 * for them.
 */
package io.metafe.mysql;
