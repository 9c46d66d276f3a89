package io.metafe.mysql;

/**
 * Identity of an authenticated connection. Immutable and thread-safe.
 *
 * @param connectionId id sent to the client in the handshake; increases from 1 per server instance
 * @param user the authenticated user name
 * @param remoteAddress the client's address as {@code host:port}
 */
public record ConnectionInfo(long connectionId, String user, String remoteAddress) {}
