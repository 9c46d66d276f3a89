package io.metafe.mysql;

/**
 * Creates the {@link Session} for a connection once its client has authenticated.
 *
 * <p>Must be thread-safe: it is called from each connection's own thread. If {@link #open} throws,
 * the client gets ERR 1105 and that connection is closed; other connections are unaffected.
 */
public interface SessionFactory {
  Session open(ConnectionInfo info);
}
