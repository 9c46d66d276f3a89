package io.metafe.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.EditLog;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.mysql.ConnectionInfo;
import io.metafe.mysql.Response;
import io.metafe.sql.SqlParser;
import io.metafe.sql.eval.QueryEngine;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One FE's sessions over an in-memory journal, for unit tests of what sessions do; a fake forwarder
 * stands for the master when {@link #writes} is emptied. Close it after the test.
 */
final class SessionFixture implements AutoCloseable {
  final MemoryJournal journal = new MemoryJournal();
  final CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
  final EditLog log = new EditLog(journal, holder, 64, reason -> {}, Clock.system());
  final AtomicReference<EditLog> writes = new AtomicReference<>(log);
  final List<List<Forwarder.Write>> forwarded = new ArrayList<>();
  long maxTransactionBytes = 1 << 20;
  final SessionServices services;

  SessionFixture() {
    log.start();
    Forwarder forwarder =
        (list, user) -> {
          forwarded.add(list);
          return new Forwarder.Forwarded(0, "00000", "", 0, holder.current().journalId());
        };
    services =
        new SessionServices(
            holder,
            writes::get,
            Duration.ofSeconds(10),
            new SqlParser("8.0.33"),
            new QueryEngine(),
            new SystemVariables("8.0.33", "test", 9030, "UTC", 300),
            new QuietCluster(),
            List::of,
            new ConnectionRegistry(),
            forwarder,
            () -> maxTransactionBytes,
            Clock.system());
  }

  FeSession session() {
    return new FeSession(services, new ConnectionInfo(1, "root", "127.0.0.1:1"));
  }

  static Response ok(FeSession s, String sql) {
    Response r = s.query(sql);
    assertThat(r).as(sql).isNotInstanceOf(Response.Error.class);
    return r;
  }

  static List<List<String>> rows(FeSession s, String sql) {
    Response r = s.query(sql);
    assertThat(r).as(sql).isInstanceOf(Response.ResultSet.class);
    return ((Response.ResultSet) r).rows();
  }

  static String count(FeSession s, String table) {
    return rows(s, "SELECT COUNT(*) FROM " + table).get(0).get(0);
  }

  @Override
  public void close() {
    log.close();
  }

  /** A healthy single FE: nothing stale, nobody else to ask. */
  private static final class QuietCluster implements ClusterView {
    @Override
    public String selfName() {
      return "fe1";
    }

    @Override
    public int clusterId() {
      return 1;
    }

    @Override
    public String masterName() {
      return "fe1";
    }

    @Override
    public boolean isJoined(Frontend fe) {
      return true;
    }

    @Override
    public void removeFromGroup(String nodeName) {}

    @Override
    public String staleness() {
      return null;
    }

    @Override
    public String hostName(String ip) {
      return ip;
    }

    @Override
    public FrontendStatus status(Frontend fe) {
      return new FrontendStatus(true, 0, 0, 0, 0, 0, 0, "", "", 0, 0, "");
    }

    @Override
    public List<String> createImages() {
      return List.of();
    }

    @Override
    public void setFrontendConfig(Map<String, String> values) {}
  }
}
