package io.metafe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.CheckpointRequest;
import io.metafe.peer.CheckpointResponse;
import io.metafe.peer.FeStatus;
import io.metafe.peer.ForwardResponse;
import io.metafe.peer.ForwardedWrite;
import io.metafe.peer.FrontendQuery;
import io.metafe.peer.HeartbeatResponse;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerCallException;
import io.metafe.peer.PeerClient;
import io.metafe.peer.Route;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendRole;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client and the server over a real socket: each route answers its records. */
class PeerRoutesTest {
  private static final String TOKEN = "cluster-token";
  @TempDir Path dir;
  private final TestNode node = new TestNode("fe1", TOKEN, "MASTER");
  private PeerHttpServer server;
  private PeerAddress at;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CatalogHolder catalog =
        new CatalogHolder(
            Catalog.empty()
                .apply(1, new AddFrontend("fe1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, port))
                .apply(2, new AddFrontend("fe2", FrontendRole.OBSERVER, "127.0.0.2", 9010, 8030)),
            io.metafe.time.Clock.system());
    server = new PeerHttpServer("127.0.0.1", port, catalog, () -> node);
    Files.writeString(dir.resolve("image.2"), "image bytes");
    server.images(
        new PeerHttpServer.Images() {
          @Override
          public long newestId() {
            return 2;
          }

          @Override
          public Path file(long journalId) {
            return dir.resolve("image." + journalId);
          }

          @Override
          public long checkpoint(long journalId, Duration replayWait, String why) {
            return journalId;
          }
        });
    server.masterHandlers(
        new PeerHttpServer.MasterHandlers() {
          @Override
          public ForwardResponse forward(List<ForwardedWrite> writes, String user, String from) {
            return new ForwardResponse(0, "00000", "", writes.size(), 3);
          }

          @Override
          public HeartbeatResponse heartbeat(FeStatus status) {
            return new HeartbeatResponse(2, Map.of(status.name(), status.receivedAt(9)));
          }
        });
    server.start();
    at = new PeerAddress("127.0.0.1", port);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void eachRouteAnswersItsRecord() throws Exception {
    PeerClient c = new PeerClient(() -> TOKEN);
    assertThat(c.call(Route.ROLE, at, new FrontendQuery("127.0.0.2", 9010)).name())
        .isEqualTo("fe2");
    assertThat(c.call(Route.ROLE, at, new FrontendQuery("127.0.0.9", 9010)).listed()).isFalse();
    assertThat(c.call(Route.VERSION, at, new FrontendQuery("127.0.0.2", 9010)).token())
        .isEqualTo(TOKEN);
    assertThat(c.call(Route.INFO, at, null).imageSeq()).isEqualTo(2);
    assertThat(c.call(Route.HEALTH, at, null).type()).isEqualTo("MASTER");
    assertThat(c.call(Route.JOURNAL_ID, at, null).id()).isEqualTo(2);
    assertThat(c.call(Route.CHECKSUM, at, null).journalId()).isEqualTo(2);
    assertThat(
            c.call(
                    Route.HEARTBEAT,
                    at,
                    new FeStatus("fe2", "OBSERVER", 2, 0, 0, 8030, 0, "", 0, 0, "", 0))
                .statuses()
                .get("fe2")
                .receivedAt())
        .isEqualTo(9);
    assertThat(c.call(Route.CHECKPOINT, at, new CheckpointRequest("fe2", "fe1", 2, 0)))
        .isEqualTo(CheckpointResponse.written(2));
    assertThat(c.call(Route.CHECKPOINT, at, new CheckpointRequest("fe2", "fe3", 2, 0)).status())
        .isEqualTo(CheckpointResponse.WRONG_FE);
    Path copy = dir.resolve("copy");
    PeerClient.Downloaded got = c.download(at, null, copy);
    assertThat(got).isEqualTo(new PeerClient.Downloaded(2, 11));
    assertThat(Files.readString(copy)).isEqualTo("image bytes");
    assertThatThrownBy(() -> c.download(at, 7L, copy))
        .isInstanceOfSatisfying(
            PeerCallException.class,
            e ->
                assertThat(e.httpStatus() + " " + e.getMessage())
                    .isEqualTo("404 this FE has no image.7"));
    assertThat(copy).doesNotExist();
  }

  @Test
  void aWrongTokenIsRefusedWithTheReason() {
    PeerClient c = new PeerClient(() -> "guess");
    assertThatThrownBy(
            () ->
                c.call(
                    Route.HEARTBEAT,
                    at,
                    new FeStatus("fe2", "OBSERVER", 2, 0, 0, 8030, 0, "", 0, 0, "", 0)))
        .isInstanceOfSatisfying(
            PeerCallException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(403);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "peer requests must be POSTs from an FE in the frontend list with the cluster"
                          + " token; caller 127.0.0.1 sent a wrong token");
            });
  }

  @Test
  void aFollowerRefusesHeartbeatsAndForwards() {
    node.type("FOLLOWER");
    PeerClient c = new PeerClient(() -> TOKEN);
    assertThatThrownBy(
            () ->
                c.call(
                    Route.HEARTBEAT,
                    at,
                    new FeStatus("fe2", "OBSERVER", 2, 0, 0, 8030, 0, "", 0, 0, "", 0)))
        .hasMessage("this FE is not the master");
  }

  @Test
  void anUnreadableQueryIsRefusedWithTheReason() throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://" + at + "/image?version=x"))
                    .header(io.metafe.peer.ClusterToken.HEADER, TOKEN)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("cannot read the request to /image: bad query");
  }
}
