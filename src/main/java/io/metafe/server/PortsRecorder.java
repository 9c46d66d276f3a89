package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.edit.Change;
import io.metafe.edit.EditLog;
import io.metafe.records.FrontendPorts;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the master: records an FE's ports in the metadata when its heartbeat reports others than the
 * metadata holds, so that every FE and every image knows how to reach it. At most one write per FE
 * is in flight, on a thread of its own, so that a heartbeat never waits for a commit. Thread-safe.
 */
final class PortsRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PortsRecorder.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CatalogHolder catalog;
  private final Supplier<EditLog> editLog;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ports-recorder");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param editLog the master's write path; null while this FE is not the master
   */
  PortsRecorder(CatalogHolder catalog, Supplier<EditLog> editLog) {
    this.catalog = catalog;
    this.editLog = editLog;
  }

  /**
   * Records these ports for the FE {@code name} unless the metadata already holds them; never
   * blocks.
   */
  void report(String name, int httpPort, int queryPort, int rpcPort) {
    Frontend fe = catalog.current().frontend(name).getOrNull();
    EditLog log = editLog.get();
    if (fe == null
        || log == null
        || !fe.portsDiffer(httpPort, queryPort, rpcPort)
        || !inFlight.add(name)) {
      return;
    }
    writer.execute(
        () -> {
          try {
            log.submit(proposal(name, httpPort, queryPort, rpcPort), TIMEOUT);
            LOG.info(
                "recorded the ports of {}: http {}, query {}, rpc {}",
                name,
                httpPort,
                queryPort,
                rpcPort);
          } catch (RuntimeException e) {
            // The next heartbeat tries again (e.g. once a lost quorum is back).
            LOG.debug("could not record the ports of {}: {}", name, e.getMessage());
          } finally {
            inFlight.remove(name);
          }
        });
  }

  /**
   * The record, if still needed when the writer gets to it; the FE may have been dropped meanwhile.
   */
  static Change<Void> proposal(String name, int httpPort, int queryPort, int rpcPort) {
    return c -> {
      Frontend fe = c.frontend(name).getOrNull();
      if (fe == null || !fe.portsDiffer(httpPort, queryPort, rpcPort)) {
        return Change.Proposal.of(null);
      }
      return Change.Proposal.of(
          null,
          new FrontendPorts(
              name,
              httpPort == 0 ? fe.httpPort() : httpPort,
              queryPort == 0 ? fe.queryPort() : queryPort,
              rpcPort == 0 ? fe.rpcPort() : rpcPort));
    };
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
