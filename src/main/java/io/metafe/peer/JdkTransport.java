package io.metafe.peer;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link PeerClient.Transport} over the JDK's HTTP client. */
final class JdkTransport implements PeerClient.Transport {
  private final HttpClient http;

  JdkTransport(Duration connectTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  @Override
  public CompletableFuture<PeerClient.Received> send(PeerClient.Sending request) {
    return http.sendAsync(request(request), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new PeerClient.Received(r.statusCode(), headers(r.headers()), r.body()));
  }

  @Override
  public PeerClient.Received download(PeerClient.Sending request, Path file)
      throws IOException, InterruptedException {
    HttpResponse<Path> r = http.send(request(request), HttpResponse.BodyHandlers.ofFile(file));
    return new PeerClient.Received(r.statusCode(), headers(r.headers()), new byte[0]);
  }

  private static HttpRequest request(PeerClient.Sending s) {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri()).timeout(s.timeout());
    s.headers().forEach(b::header);
    return switch (s.method()) {
      case GET -> b.GET().build();
      case POST -> b.POST(HttpRequest.BodyPublishers.ofByteArray(s.body())).build();
    };
  }

  private static Map<String, String> headers(HttpHeaders headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers
        .map()
        .forEach(
            (k, v) -> {
              if (!v.isEmpty()) {
                out.put(k.toLowerCase(Locale.ROOT), v.get(0));
              }
            });
    return out;
  }
}
