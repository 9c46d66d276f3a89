package io.metafe.peer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The one way an FE calls another: sends a route's request record, decodes its answer record or its
 * refusal, and reports a call that brought no answer as a {@link PeerCallException} saying how far
 * it got. Sends the cluster token only to routes that ask for it. How long each call waits is the
 * route's {@link Route#timeout}; connecting waits {@link #CONNECT_TIMEOUT}. Thread-safe.
 */
public final class PeerClient {
  /** A connection on a LAN takes a round trip; one that takes longer finds a host down. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** What goes over the network; the JDK's HTTP client, or a test's stand-in. */
  public interface Transport {
    CompletableFuture<Received> send(Sending request);

    /** Writes the body to {@code file} whatever the status; the headers come back. */
    Received download(Sending request, Path file) throws IOException, InterruptedException;
  }

  /** One HTTP request. */
  public record Sending(
      Route.Method method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {}

  /** One HTTP answer; header names in lower case. */
  public record Received(int status, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** An image written to a file: its journal id and the size the sender announced, or -1. */
  public record Downloaded(long journalId, long announcedSize) {}

  private final PeerJson json = new PeerJson();
  private final Supplier<String> token;
  private final Transport transport;

  /**
   * @param token the cluster token, read at each call: it is known only once the meta_dir is
   */
  public PeerClient(Supplier<String> token) {
    this(token, new JdkTransport(CONNECT_TIMEOUT));
  }

  public PeerClient(Supplier<String> token, Transport transport) {
    this.token = token;
    this.transport = transport;
  }

  /** Calls {@code route} on {@code to} and waits for the answer. */
  public <Q, A> A call(Route<Q, A> route, PeerAddress to, Q request) throws PeerCallException {
    return call(route, to, request, route.timeout());
  }

  /** With a timeout of the caller's own: a startup probe waits less than the route allows. */
  public <Q, A> A call(Route<Q, A> route, PeerAddress to, Q request, Duration timeout)
      throws PeerCallException {
    try {
      return send(route, to, request, timeout).get();
    } catch (ExecutionException e) {
      throw failure(e.getCause(), to, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerCallException(
          PeerCallException.Failure.INTERRUPTED, 0, "interrupted before " + to + " answered", e);
    }
  }

  /**
   * Calls without waiting; the future fails with a {@link PeerCallException}. Cancelling it gives
   * up the request.
   */
  public <Q, A> CompletableFuture<A> send(
      Route<Q, A> route, PeerAddress to, Q request, Duration timeout) {
    Sending sending = sending(route, to, request, timeout);
    CompletableFuture<Received> raw;
    try {
      raw = transport.send(sending);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure(e, to, timeout));
    }
    CompletableFuture<A> answer =
        raw.handle(
            (r, e) -> {
              if (e != null) {
                throw new CompletionException(failure(e, to, timeout));
              }
              try {
                return decode(route, r);
              } catch (PeerCallException refused) {
                throw new CompletionException(refused);
              }
            });
    // Giving up the answer gives up the request: the JDK's client then closes its exchange.
    CompletableFuture<A> unused =
        answer.whenComplete(
            (a, e) -> {
              if (e instanceof CancellationException) {
                raw.cancel(true);
              }
            });
    return answer;
  }

  /**
   * Downloads {@code image.N} (the newest when {@code version} is null) into {@code file}. On a
   * refusal the file is deleted.
   */
  public Downloaded download(PeerAddress to, Long version, Path file) throws PeerCallException {
    Route<ImageRequest, byte[]> route = Route.IMAGE;
    Sending sending = sending(route, to, new ImageRequest(version), route.timeout());
    Received r;
    try {
      r = transport.download(sending, file);
    } catch (IOException e) {
      throw failure(e, to, route.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerCallException(
          PeerCallException.Failure.INTERRUPTED, 0, "interrupted before " + to + " answered", e);
    }
    if (!route.answerStatuses().contains(r.status())) {
      byte[] why;
      try {
        why = Files.readAllBytes(file);
        Files.deleteIfExists(file);
      } catch (IOException e) {
        why = new byte[0];
      }
      throw refusal(new Received(r.status(), r.headers(), why));
    }
    return new Downloaded(
        longHeader(r, "X-Image-Journal-Id", version == null ? 0 : version),
        longHeader(r, "X-Image-Size", -1));
  }

  private Sending sending(Route<?, ?> route, PeerAddress to, Object request, Duration timeout) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> query = new LinkedHashMap<>();
    byte[] body = new byte[0];
    switch (route.access()) {
      case PEER -> headers.put(ClusterToken.HEADER, token.get());
      case TOKEN_PARAM -> query.put(ClusterToken.PARAM, token.get());
      case OPEN, OWN_ENTRY -> {}
    }
    if (route.method() == Route.Method.POST) {
      headers.put("Content-Type", "application/json");
      body = json.write(request);
    } else {
      query.putAll(json.toQuery(request));
    }
    URI uri =
        URI.create(
            "http://"
                + to.host()
                + ":"
                + to.httpPort()
                + route.path()
                + (query.isEmpty() ? "" : "?" + PeerJson.queryString(query)));
    return new Sending(route.method(), uri, Map.copyOf(headers), body, timeout);
  }

  private <A> A decode(Route<?, A> route, Received r) throws PeerCallException {
    if (!route.answerStatuses().contains(r.status())) {
      throw refusal(r);
    }
    try {
      return json.read(r.body(), route.answer());
    } catch (IOException e) {
      throw new PeerCallException(
          PeerCallException.Failure.BROKEN, r.status(), route + ": " + e.getMessage(), e);
    }
  }

  private PeerCallException refusal(Received r) {
    String msg;
    try {
      Refusal refusal = json.read(r.body(), Refusal.class);
      msg = refusal.msg() != null ? refusal.msg() : "HTTP " + r.status();
    } catch (IOException unreadable) {
      msg = "HTTP " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8);
    }
    return new PeerCallException(PeerCallException.Failure.REFUSED, r.status(), msg, null);
  }

  private static PeerCallException failure(Throwable e, PeerAddress to, Duration timeout) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof PeerCallException p) {
      return p;
    }
    if (t instanceof ConnectException) {
      return new PeerCallException(
          PeerCallException.Failure.NOTHING_LISTENS,
          0,
          "nothing answers at " + to + " (connection refused)",
          t);
    }
    if (t instanceof HttpConnectTimeoutException) {
      return new PeerCallException(
          PeerCallException.Failure.CONNECT_TIMEOUT,
          0,
          to + " accepts no connection within " + CONNECT_TIMEOUT.toSeconds() + " s",
          t);
    }
    if (t instanceof HttpTimeoutException) {
      return new PeerCallException(
          PeerCallException.Failure.NO_ANSWER,
          0,
          "no answer from " + to + " within " + timeout.toSeconds() + " s",
          t);
    }
    // The JDK's messages ("Connection reset", "header parser received no bytes") say enough without
    // the exception's class, which a SQL client would show its user.
    String why = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    return new PeerCallException(
        PeerCallException.Failure.BROKEN, 0, "the call to " + to + " failed: " + why, t);
  }

  private static long longHeader(Received r, String name, long absent) {
    String v = r.header(name);
    try {
      return v == null ? absent : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return absent;
    }
  }
}
