package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.ha.MasterWatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks another FE's {@code /api/health} whether it answers, for the {@link MasterWatch}: an FE that
 * is paused or cut off never answers, one that is alive answers in a millisecond or two. The FE is
 * found in the metadata, whose HTTP ports the heartbeats keep current. Thread-safe.
 */
final class HealthProbe implements MasterWatch.Probe {
  private final CatalogHolder catalog;
  private final HttpClient http;

  HealthProbe(CatalogHolder catalog) {
    this.catalog = catalog;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  }

  @Override
  public boolean answers(String node, Duration timeout) {
    Frontend fe = catalog.current().frontend(node).getOrNull();
    if (fe == null || fe.httpPort() <= 0) {
      // Unknown here (yet): no evidence against it.
      return true;
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + fe.host() + ":" + fe.httpPort() + "/api/health"))
            .timeout(timeout)
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
