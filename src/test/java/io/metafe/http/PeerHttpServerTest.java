package io.metafe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.ClusterToken;
import io.metafe.peer.FeStatus;
import io.metafe.peer.ForwardResponse;
import io.metafe.peer.ForwardedWrite;
import io.metafe.peer.HeartbeatResponse;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendRole;
import io.metafe.time.Clock;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Forwarded writes have their own bounded room on the master: they never hold up heartbeats, and
 * overflow is refused.
 */
class PeerHttpServerTest {
  private static final String TOKEN = "cluster-token";

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpRequest post(int port, String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header(ClusterToken.HEADER, TOKEN)
        .timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void blockedForwardedWritesLeaveHeartbeatsAnsweredAndOverflowIsRefusedWithTheReason()
      throws Exception {
    CatalogHolder catalog =
        new CatalogHolder(
            Catalog.empty()
                .apply(1, new AddFrontend("fe1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, 8030)),
            Clock.system());
    PeerHttpServer.Node node =
        new PeerHttpServer.Node() {
          @Override
          public String name() {
            return "fe1";
          }

          @Override
          public int clusterId() {
            return 1;
          }

          @Override
          public String token() {
            return TOKEN;
          }

          @Override
          public String type() {
            return "MASTER";
          }

          @Override
          public long startTimeMillis() {
            return 0;
          }

          @Override
          public String version() {
            return "test";
          }
        };
    CountDownLatch release = new CountDownLatch(1);
    Semaphore running = new Semaphore(0);
    int port = freePort();
    PeerHttpServer server = new PeerHttpServer("127.0.0.1", port, catalog, () -> node, 2, 2);
    server.masterHandlers(
        new PeerHttpServer.MasterHandlers() {
          @Override
          public ForwardResponse forward(List<ForwardedWrite> writes, String user, String from) {
            running.release();
            try {
              release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new ForwardResponse(0, "00000", "", 1, 2);
          }

          @Override
          public HeartbeatResponse heartbeat(FeStatus status) {
            return new HeartbeatResponse(1, Map.of());
          }
        });
    server.start();
    HttpClient http = HttpClient.newHttpClient();
    String write =
        "{\"writes\":[{\"sql\":\"INSERT INTO t VALUES (1)\",\"db\":\"d\"}],\"user\":\"root\"}";
    try {
      List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        accepted.add(
            http.sendAsync(
                post(port, "/api/forward", write), HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(running.tryAcquire(2, 10, TimeUnit.SECONDS))
          .as("two forwarded writes running")
          .isTrue();
      for (int i = 0; i < 2; i++) {
        accepted.add(
            http.sendAsync(
                post(port, "/api/forward", write), HttpResponse.BodyHandlers.ofString()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.forwardsWaiting() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.forwardsWaiting()).as("two forwarded writes waiting").isEqualTo(2);
      // Two running and two waiting: the next one is refused at once.
      HttpResponse<String> refused =
          http.send(post(port, "/api/forward", write), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body())
          .contains("\"errorCode\":1105", "nothing was run", "2 forwarded writes running");

      HttpResponse<String> heartbeat =
          http.send(
              post(port, "/api/heartbeat", "{\"name\":\"fe2\"}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(heartbeat.statusCode())
          .as("a heartbeat while every forward thread is blocked")
          .isEqualTo(200);

      release.countDown();
      for (CompletableFuture<HttpResponse<String>> f : accepted) {
        HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"affectedRows\":1");
      }
    } finally {
      release.countDown();
      server.close();
    }
  }
}
