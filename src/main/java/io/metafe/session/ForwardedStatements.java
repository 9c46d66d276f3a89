package io.metafe.session;

import io.metafe.mysql.ConnectionInfo;
import io.metafe.mysql.Response;
import java.util.List;

/**
 * The master's side of forwarding: runs writes another FE received, in a short-lived session of its
 * own: one write on its own, several as one transaction. Thread-safe.
 */
public final class ForwardedStatements {
  private final SessionServices services;

  public ForwardedStatements(SessionServices services) {
    this.services = services;
  }

  /**
   * Runs the writes; a result set (which writes never return) is reported as success without rows.
   */
  public Forwarder.Forwarded execute(List<Forwarder.Write> writes, String user, String from) {
    if (services.writes().get() == null) {
      return new Forwarder.Forwarded(
          1105,
          "HY000",
          "the FE the write was forwarded to is no longer the master;" + " retry",
          0,
          journalId());
    }
    if (writes.isEmpty()) {
      return new Forwarder.Forwarded(1065, "42000", "Query was empty", 0, journalId());
    }
    FeSession session = new FeSession(services, new ConnectionInfo(0, user, from));
    try {
      Response r;
      if (writes.size() == 1) {
        Forwarder.Write write = writes.get(0);
        if (write.database() != null && !write.database().isEmpty()) {
          Response use = session.initDb(write.database());
          if (use instanceof Response.Error e) {
            return new Forwarder.Forwarded(e.code(), e.sqlState(), e.message(), 0, journalId());
          }
        }
        r = session.queryForwarded(write.sql());
      } else {
        r = session.transactionForwarded(writes);
      }
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
