package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.ha.MasterWatch;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerClient;
import io.metafe.peer.Route;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Asks another FE's {@code /api/health} whether it answers, for the {@link MasterWatch}: an FE that
 * is paused or cut off never answers, one that is alive answers in a millisecond or two. The FE is
 * found in the metadata, whose HTTP ports the heartbeats keep current. Thread-safe.
 */
final class HealthProbe implements MasterWatch.Probe {
  private final CatalogHolder catalog;
  private final PeerClient client;

  HealthProbe(CatalogHolder catalog, PeerClient client) {
    this.catalog = catalog;
    this.client = client;
  }

  @Override
  public CompletableFuture<Boolean> ask(String node, Duration timeout) {
    Frontend fe = catalog.current().frontend(node).getOrNull();
    if (fe == null || fe.httpPort() <= 0) {
      // Unknown here (yet): no evidence against it.
      return CompletableFuture.completedFuture(true);
    }
    return client
        .send(Route.HEALTH, new PeerAddress(fe.host(), fe.httpPort()), null, timeout)
        .handle((answer, failure) -> failure == null);
  }
}
