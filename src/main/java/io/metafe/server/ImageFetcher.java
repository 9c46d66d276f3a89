package io.metafe.server;

import io.metafe.image.CorruptImageException;
import io.metafe.image.ImageStore;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerCallException;
import io.metafe.peer.PeerClient;
import io.metafe.peer.Route;
import io.metafe.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private static final Duration CATCH_UP_POLL = Duration.ofMillis(200);

  private final ImageStore images;
  private final int clusterId;
  private final PeerClient client;
  private final Clock clock;

  ImageFetcher(ImageStore images, int clusterId, PeerClient client, Clock clock) {
    this.images = images;
    this.clusterId = clusterId;
    this.client = client;
    this.clock = clock;
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
  long fetch(List<PeerAddress> sources, long atLeast, LongSupplier journalLast) throws IOException {
    List<String> failures = new ArrayList<>();
    for (PeerAddress source : sources) {
      try {
        long id = client.call(Route.INFO, source, null).imageJournalId();
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

  private void awaitJournal(long id, LongSupplier journalLast) throws IOException {
    long deadline = clock.nanos() + CATCH_UP.toNanos();
    long last = journalLast.getAsLong();
    while (last < id) {
      if (clock.nanos() > deadline) {
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
        clock.sleep(CATCH_UP_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      last = journalLast.getAsLong();
    }
  }

  private long download(PeerAddress source, long id) throws IOException {
    Files.createDirectories(images.dir());
    Path part = images.dir().resolve("image." + id + ImageStore.PART);
    long started = clock.nanos();
    PeerClient.Downloaded got;
    try {
      got = client.download(source, id, part);
    } catch (PeerCallException e) {
      throw e.failure() == PeerCallException.Failure.REFUSED
          ? new IOException("/image answered " + e.httpStatus() + ": " + e.getMessage(), e)
          : e;
    }
    long size = Files.size(part);
    if (got.announcedSize() >= 0 && got.announcedSize() != size) {
      Files.deleteIfExists(part);
      throw new IOException(
          "the transfer of image."
              + id
              + " was cut: "
              + size
              + " of "
              + got.announcedSize()
              + " bytes");
    }
    long installed = images.install(part, clusterId);
    LOG.info(
        "fetched image.{} from {} ({} bytes in {} ms), checksum verified",
        installed,
        source,
        size,
        (clock.nanos() - started) / 1_000_000);
    return installed;
  }
}
