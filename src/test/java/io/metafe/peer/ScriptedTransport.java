package io.metafe.peer;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@link PeerClient.Transport} that answers from a script instead of the network, and records
 * what was sent. Thread-safe enough for one test thread.
 */
public final class ScriptedTransport implements PeerClient.Transport {
  private final PeerJson json = new PeerJson();
  private final Function<PeerClient.Sending, CompletableFuture<PeerClient.Received>> script;
  private final List<PeerClient.Sending> sent = new ArrayList<>();

  public ScriptedTransport(
      Function<PeerClient.Sending, CompletableFuture<PeerClient.Received>> script) {
    this.script = script;
  }

  @Override
  public synchronized CompletableFuture<PeerClient.Received> send(PeerClient.Sending request) {
    sent.add(request);
    return script.apply(request);
  }

  @Override
  public PeerClient.Received download(PeerClient.Sending request, Path file) {
    throw new UnsupportedOperationException("no image downloads in this script");
  }

  public synchronized List<PeerClient.Sending> sent() {
    return List.copyOf(sent);
  }

  /** An answer with {@code body} as JSON. */
  public CompletableFuture<PeerClient.Received> answer(int status, Object body) {
    return CompletableFuture.completedFuture(
        new PeerClient.Received(status, Map.of(), json.write(body)));
  }

  public static CompletableFuture<PeerClient.Received> raw(int status, String body) {
    return CompletableFuture.completedFuture(
        new PeerClient.Received(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
  }

  /** What the JDK's client reports when nothing listens at the address. */
  public static CompletableFuture<PeerClient.Received> connectionRefused() {
    return CompletableFuture.failedFuture(new ConnectException("Connection refused"));
  }

  public static CompletableFuture<PeerClient.Received> failed(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }
}
