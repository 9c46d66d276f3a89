package io.metafe.server;

import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.CheckpointRequest;
import io.metafe.peer.CheckpointResponse;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerCallException;
import io.metafe.peer.PeerClient;
import io.metafe.peer.Route;
import io.metafe.session.ClusterView.FrontendStatus;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * ALTER SYSTEM CREATE IMAGE's requests to the other FEs: one {@code /api/checkpoint} per FE, all at
 * once, each answered with one line for the statement's result. Thread-safe.
 */
final class CheckpointRequests implements AutoCloseable {
  /**
   * How long another FE may take to replay up to the journal id CREATE IMAGE ran at, before it
   * gives up; {@link Route#CHECKPOINT}'s timeout adds the time to write the image.
   */
  static final Duration REPLAY_WAIT = Duration.ofSeconds(30);

  /**
   * An FE added moments ago reports its HTTP port with its first heartbeat, which reaches every FE
   * by then.
   */
  private static final Duration PORT_WAIT = Peers.ALIVE;

  private static final Duration PORT_POLL = Duration.ofMillis(100);

  private final CatalogHolder catalog;
  private final String selfName;
  private final PeerClient client;
  private final Clock clock;
  private final Function<Frontend, FrontendStatus> status;
  private final ToIntFunction<String> reportedHttpPort;

  /** One thread per FE asked; idle threads end after a minute. */
  private final ExecutorService requests =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "checkpoint-request");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param status what the heartbeats tell of an FE
   * @param reportedHttpPort the HTTP port an FE's heartbeat reported, by node name; 0 if none
   */
  CheckpointRequests(
      CatalogHolder catalog,
      String selfName,
      PeerClient client,
      Clock clock,
      Function<Frontend, FrontendStatus> status,
      ToIntFunction<String> reportedHttpPort) {
    this.catalog = catalog;
    this.selfName = selfName;
    this.client = client;
    this.clock = clock;
    this.status = status;
    this.reportedHttpPort = reportedHttpPort;
  }

  /**
   * Asks every other FE in the frontend list, all at once, to write an image holding at least
   * {@code atLeast} (ALTER SYSTEM CREATE IMAGE ran here at that journal id). An FE the heartbeats
   * show dead is not asked.
   *
   * @param fallbackHttpPort this FE's own http_port, for an FE whose port is still unknown:
   *     StarRocks' FEs usually share one
   * @return one line per other FE, in frontend-list order: {@code name: image.N}, or {@code name:
   *     <why not>}
   */
  CompletableFuture<List<String>> request(long atLeast, int fallbackHttpPort) {
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (Frontend fe : catalog.current().frontends()) {
      if (!fe.name().equals(selfName)) {
        answers.add(
            CompletableFuture.supplyAsync(
                () -> fe.name() + ": " + requestOne(fe, atLeast, fallbackHttpPort), requests));
      }
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture<?>[]::new))
        .thenApply(done -> answers.stream().map(CompletableFuture::join).toList());
  }

  private String requestOne(Frontend fe, long atLeast, int fallbackHttpPort) {
    FrontendStatus st = status.apply(fe);
    boolean heardFrom = st.lastHeartbeatMillis() > 0;
    if (heardFrom && !st.alive()) {
      return "not alive (" + st.errMsg() + "), no image requested";
    }
    int known = awaitHttpPort(fe);
    PeerAddress at = new PeerAddress(fe.host(), known != 0 ? known : fallbackHttpPort);
    String notAlive = "not alive (" + (heardFrom ? "" : "no heartbeat yet; ");
    try {
      CheckpointResponse reply =
          client.call(
              Route.CHECKPOINT,
              at,
              new CheckpointRequest(selfName, fe.name(), atLeast, REPLAY_WAIT.toMillis()));
      if (CheckpointResponse.WRONG_FE.equals(reply.status())) {
        return notAlive
            + (known == 0 ? "its HTTP port is unknown and " : "")
            + at
            + " answers as another FE: "
            + reply.msg()
            + ")";
      }
      if (reply.imageJournalId() == null) {
        return String.valueOf(reply.msg());
      }
      return "image."
          + reply.imageJournalId()
          + (reply.imageJournalId() >= atLeast
              ? ""
              : " (older than the journal id "
                  + atLeast
                  + " asked for: that FE runs an older MetaFE)");
    } catch (PeerCallException e) {
      return switch (e.failure()) {
        case NOTHING_LISTENS, CONNECT_TIMEOUT -> notAlive + "nothing answers at " + at + ")";
        case NO_ANSWER ->
            "no answer within "
                + Route.CHECKPOINT.timeout().toSeconds()
                + " s from "
                + at
                + "; see that FE's fe.log";
        case REFUSED -> e.getMessage();
        case INTERRUPTED -> "interrupted before it answered";
        case BROKEN -> "the request to " + at + " failed (" + e.getMessage() + ")";
      };
    }
  }

  /**
   * The HTTP port to reach an FE at: the one it reported in its latest heartbeat, else the one the
   * metadata records; 0 when neither is known. An FE added moments ago has reported neither yet, so
   * this waits for its first heartbeat.
   */
  private int awaitHttpPort(Frontend fe) {
    long deadline = clock.nanos() + PORT_WAIT.toNanos();
    while (true) {
      int reported = reportedHttpPort.applyAsInt(fe.name());
      int recorded =
          catalog.current().frontend(fe.name()).map(Frontend::httpPort).getOrElse(fe.httpPort());
      if (reported != 0 || recorded != 0 || clock.nanos() > deadline) {
        return reported != 0 ? reported : recorded;
      }
      try {
        clock.sleep(PORT_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  @Override
  public void close() {
    requests.shutdown();
  }
}
