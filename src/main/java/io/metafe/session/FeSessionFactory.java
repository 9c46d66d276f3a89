package io.metafe.session;

import io.metafe.mysql.ConnectionInfo;
import io.metafe.mysql.Session;
import io.metafe.mysql.SessionFactory;

/** Opens a {@link FeSession} per MySQL connection. Thread-safe. */
public final class FeSessionFactory implements SessionFactory {
  private final SessionServices services;

  public FeSessionFactory(SessionServices services) {
    this.services = services;
  }

  @Override
  public Session open(ConnectionInfo info) {
    FeSession session = new FeSession(services, info);
    services.connections().add(session);
    return session;
  }
}
