package io.metafe.session;

import io.metafe.mysql.ConnectionInfo;
import io.metafe.mysql.Response;

/**
 * The master's side of forwarding: runs a statement another FE received, in a short-lived session of its own.
 * Thread-safe.
 */
public final class ForwardedStatements {
  private final SessionServices services;

  public ForwardedStatements(SessionServices services) {
    this.services = services;
  }

  /** Runs the statement; a result set (which writes never return) is reported as success without rows. */
  public Forwarder.Forwarded execute(String sql, String database, String user, String from) {
    if (services.writes().get() == null) {
      return new Forwarder.Forwarded(1105, "HY000", "the FE the write was forwarded to is no longer the master;"
          + " retry", 0, journalId());
    }
    FeSession session = new FeSession(services, new ConnectionInfo(0, user, from));
    try {
      if (database != null && !database.isEmpty()) {
        Response use = session.initDb(database);
        if (use instanceof Response.Error e) {
          return new Forwarder.Forwarded(e.code(), e.sqlState(), e.message(), 0, journalId());
        }
      }
      Response r = session.queryForwarded(sql);
      if (r instanceof Response.Error e) {
        return new Forwarder.Forwarded(e.code(), e.sqlState(), e.message(), 0, journalId());
      }
      long affected = r instanceof Response.Ok ok ? ok.affectedRows() : 0;
      return new Forwarder.Forwarded(0, "00000", "", affected, journalId());
    } finally {
      session.close();
    }
  }

  private long journalId() {
    return services.catalog().current().journalId();
  }
}
