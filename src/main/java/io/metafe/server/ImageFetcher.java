package io.metafe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metafe.http.PeerHttpServer;
import io.metafe.image.CorruptImageException;
import io.metafe.image.ImageStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an image from a peer when this FE's journal no longer reaches back to its own newest
 * image: it joined after old entries were deleted, or it was down while they were. The copy is
 * verified (checksum, cluster) before it gets its {@code image.N} name, and it is taken only when
 * this FE's own journal reaches N, so the rule that no FE holds an image newer than its journal
 * stays true. Not thread-safe; used once, during startup.
 */
final class ImageFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(ImageFetcher.class);

  /**
   * How long to wait for this FE's journal to reach a peer's image through bdbje's replication
   * stream.
   */
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  /** Where an image may be fetched from. */
  record Source(String host, int httpPort) {
    @Override
    public String toString() {
      return host + ":" + httpPort;
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final ImageStore images;
  private final String token;
  private final int clusterId;

  ImageFetcher(ImageStore images, String token, int clusterId) {
    this.images = images;
    this.token = token;
    this.clusterId = clusterId;
  }

  /**
   * Fetches the newest image of the first source that has one this FE can use.
   *
   * @param atLeast the smallest journal id the image must include (the journal here starts right
   *     after it)
   * @param journalLast re-reads this FE's last journal id, which grows while bdbje streams from the
   *     master
   * @return the journal id of the installed image
   * @throws IOException listing, per source, why it could not give one
   */
  long fetch(List<Source> sources, long atLeast, LongSupplier journalLast) throws IOException {
    List<String> failures = new ArrayList<>();
    for (Source source : sources) {
      try {
        long id = newestImage(source);
        if (id < atLeast) {
          failures.add(source + " has image." + id + ", older than the needed " + atLeast);
          continue;
        }
        awaitJournal(id, journalLast);
        return download(source, id);
      } catch (IOException | CorruptImageException e) {
        failures.add(source + ": " + e.getMessage());
        LOG.warn("cannot fetch an image from {}: {}", source, e.getMessage());
      }
    }
    throw new IOException(
        failures.isEmpty() ? "no FE to fetch an image from" : String.join("; ", failures));
  }

  @SuppressWarnings("unchecked")
  private long newestImage(Source source) throws IOException {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(URI.create("http://" + source + "/info"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    Map<String, Object> info = json.readValue(r.body(), Map.class);
    Object id = info.get("imageJournalId");
    if (r.statusCode() != 200 || !(id instanceof Number n)) {
      throw new IOException("/info answered " + r.statusCode() + " without an image id");
    }
    return n.longValue();
  }

  private void awaitJournal(long id, LongSupplier journalLast) throws IOException {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    long last = journalLast.getAsLong();
    while (last < id) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "its image."
                + id
                + " is ahead of this FE's journal (last id "
                + last
                + ") and the"
                + " journal did not catch up within "
                + CATCH_UP.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      last = journalLast.getAsLong();
    }
  }

  private long download(Source source, long id) throws IOException {
    Files.createDirectories(images.dir());
    Path part = images.dir().resolve("image." + id + ImageStore.PART);
    long started = System.nanoTime();
    HttpResponse<Path> r =
        send(
            HttpRequest.newBuilder(URI.create("http://" + source + "/image?version=" + id))
                .header(PeerHttpServer.TOKEN_HEADER, token)
                .timeout(Duration.ofMinutes(30))
                .build(),
            HttpResponse.BodyHandlers.ofFile(part));
    if (r.statusCode() != 200) {
      String why = Files.readString(part);
      Files.deleteIfExists(part);
      throw new IOException("/image answered " + r.statusCode() + ": " + why);
    }
    long expected = r.headers().firstValueAsLong("X-Image-Size").orElse(-1);
    long size = Files.size(part);
    if (expected >= 0 && expected != size) {
      Files.deleteIfExists(part);
      throw new IOException(
          "the transfer of image." + id + " was cut: " + size + " of " + expected + " bytes");
    }
    long installed = images.install(part, clusterId);
    LOG.info(
        "fetched image.{} from {} ({} bytes in {} ms), checksum verified",
        installed,
        source,
        size,
        (System.nanoTime() - started) / 1_000_000);
    return installed;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
