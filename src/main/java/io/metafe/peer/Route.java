package io.metafe.peer;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The route table: every HTTP route an FE serves, declared once, for the server that answers it and
 * the client that calls it.
 *
 * @param access who may call it; the server checks it, and the token, in one place
 * @param masterOnly whether only the master answers it; any other FE refuses with 409
 * @param lane which executor runs the handler
 * @param request the request record: the JSON body of a POST, the query string of a GET; {@code
 *     Void} for none
 * @param answer the answer record; {@code byte[]} for raw bytes (an image)
 * @param answerStatuses the HTTP statuses whose body is {@code answer}; any other carries a {@link
 *     Refusal}
 * @param timeout how long a caller waits for the answer
 */
public record Route<Q, A>(
    String path,
    Method method,
    Access access,
    boolean masterOnly,
    Lane lane,
    Class<Q> request,
    Class<A> answer,
    Set<Integer> answerStatuses,
    Duration timeout) {

  public enum Method {
    GET,
    POST
  }

  public enum Access {
    /** Anyone: load balancers, operators, a joining FE that has no token yet. */
    OPEN,
    /**
     * Only the FE that the query's {@code host} and {@code port} name, calling from its own host:
     * the answer reveals the cluster identity.
     */
    OWN_ENTRY,
    /** Anyone with the cluster token in {@code ?token=}: an operator with curl. */
    TOKEN_PARAM,
    /** An FE in the frontend list sending the cluster token in {@link ClusterToken#HEADER}. */
    PEER
  }

  /** Which executor runs a handler, so that a slow route never delays a quick one. */
  public enum Lane {
    /** The HTTP server's small pool: answers that take microseconds, heartbeats first. */
    PEERS,
    /**
     * The master's bounded executor for forwarded writes, which wait for their commit: many at
     * once, a full queue refused at once.
     */
    FORWARDS,
    /** One thread: writing an image may take minutes and two at once would only compete. */
    CHECKPOINTS
  }

  /** Enough for a lookup on a loaded FE; a joining FE retries. */
  private static final Duration LOOKUP = Duration.ofSeconds(5);

  private static final Set<Integer> OK = Set.of(200);

  public static final Route<FrontendQuery, RoleResponse> ROLE =
      new Route<>(
          "/role",
          Method.GET,
          Access.OPEN,
          false,
          Lane.PEERS,
          FrontendQuery.class,
          RoleResponse.class,
          OK,
          LOOKUP);

  public static final Route<FrontendQuery, VersionResponse> VERSION =
      new Route<>(
          "/version",
          Method.GET,
          Access.OWN_ENTRY,
          false,
          Lane.PEERS,
          FrontendQuery.class,
          VersionResponse.class,
          OK,
          LOOKUP);

  public static final Route<Void, HealthResponse> HEALTH =
      new Route<>(
          "/api/health",
          Method.GET,
          Access.OPEN,
          false,
          Lane.PEERS,
          Void.class,
          HealthResponse.class,
          OK,
          LOOKUP);

  public static final Route<Void, ChecksumResponse> CHECKSUM =
      new Route<>(
          "/api/checksum",
          Method.GET,
          Access.TOKEN_PARAM,
          false,
          Lane.PEERS,
          Void.class,
          ChecksumResponse.class,
          OK,
          LOOKUP);

  public static final Route<Void, InfoResponse> INFO =
      new Route<>(
          "/info",
          Method.GET,
          Access.OPEN,
          false,
          Lane.PEERS,
          Void.class,
          InfoResponse.class,
          OK,
          LOOKUP);

  public static final Route<Void, JournalIdResponse> JOURNAL_ID =
      new Route<>(
          "/journal_id",
          Method.GET,
          Access.OPEN,
          false,
          Lane.PEERS,
          Void.class,
          JournalIdResponse.class,
          OK,
          LOOKUP);

  /** A whole image over a slow link; the receiver sees a cut transfer by its size. */
  public static final Route<ImageRequest, byte[]> IMAGE =
      new Route<>(
          "/image",
          Method.GET,
          Access.PEER,
          false,
          Lane.PEERS,
          ImageRequest.class,
          byte[].class,
          OK,
          Duration.ofMinutes(30));

  /** An answer later than the next heartbeat is of no use: that one carries newer news. */
  public static final Route<FeStatus, HeartbeatResponse> HEARTBEAT =
      new Route<>(
          "/api/heartbeat",
          Method.POST,
          Access.PEER,
          true,
          Lane.PEERS,
          FeStatus.class,
          HeartbeatResponse.class,
          OK,
          Duration.ofSeconds(2));

  /**
   * Longer than a commit waiting for follower acknowledgements, shorter than a client's patience;
   * 503 is the full queue's refusal, in the answer's own shape so that the client sees a SQL error.
   */
  public static final Route<ForwardRequest, ForwardResponse> FORWARD =
      new Route<>(
          "/api/forward",
          Method.POST,
          Access.PEER,
          true,
          Lane.FORWARDS,
          ForwardRequest.class,
          ForwardResponse.class,
          Set.of(200, 503),
          Duration.ofSeconds(30));

  /**
   * The replay wait the caller allows (it sends {@code replayWaitMillis}, at most 30 s) plus
   * writing an image of a large catalog; 409 and 500 say why no image was written.
   */
  public static final Route<CheckpointRequest, CheckpointResponse> CHECKPOINT =
      new Route<>(
          "/api/checkpoint",
          Method.POST,
          Access.PEER,
          false,
          Lane.CHECKPOINTS,
          CheckpointRequest.class,
          CheckpointResponse.class,
          Set.of(200, 409, 500),
          Duration.ofSeconds(30).plus(Duration.ofMinutes(5)));

  public static final List<Route<?, ?>> ALL =
      List.of(
          ROLE, VERSION, HEALTH, CHECKSUM, INFO, JOURNAL_ID, IMAGE, HEARTBEAT, FORWARD, CHECKPOINT);

  public Route {
    answerStatuses = Set.copyOf(answerStatuses);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
