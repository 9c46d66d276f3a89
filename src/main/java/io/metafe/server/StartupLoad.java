package io.metafe.server;

import io.metafe.edit.CatalogHolder;
import io.metafe.edit.JournalReplay;
import io.metafe.image.ImageStore;
import io.metafe.journal.JournalException;
import io.metafe.journal.bdb.BdbJournal;
import io.metafe.metadir.MetaDir;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerClient;
import io.metafe.time.Clock;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of an FE's catalog: the newest image the journal continues (fetched from a peer when
 * the journal here no longer reaches back to any local image), then the journal after it. Never
 * starts with less than the images and journal hold: when nothing fits it refuses and names the
 * missing ids. Used once per start.
 */
final class StartupLoad {
  private static final Logger LOG = LoggerFactory.getLogger(StartupLoad.class);

  private final BdbJournal journal;
  private final ImageStore images;
  private final CatalogHolder catalog;
  private final Helper helper;
  private final MetaDir.Stored stored;
  private final Path bdbDir;
  private final PeerClient peerClient;
  private final Clock clock;

  /**
   * @param helper the --helper of this start, or null
   * @param clock times the replay's progress lines
   */
  StartupLoad(
      BdbJournal journal,
      ImageStore images,
      CatalogHolder catalog,
      Helper helper,
      MetaDir.Stored stored,
      Path bdbDir,
      PeerClient peerClient,
      Clock clock) {
    this.journal = journal;
    this.images = images;
    this.catalog = catalog;
    this.helper = helper;
    this.stored = stored;
    this.bdbDir = bdbDir;
    this.peerClient = peerClient;
    this.clock = clock;
  }

  /**
   * Loads the newest valid image the journal continues, fetching one from a peer when the journal
   * here no longer reaches back to any local image, then replays the journal. Never starts with
   * less than the journal and images hold: when no image fits, it refuses and names the missing
   * ids.
   */
  void run() {
    try {
      for (Path left : images.removeLeftovers()) {
        LOG.info(
            "removed {}, left by an interrupted checkpoint or image download; it was never an image",
            left);
      }
      for (int attempt = 1; ; attempt++) {
        ImageStore.Choice choice = choose();
        if (choice.start() == null && choice.peerImageHelps()) {
          fetchImage(choice);
          choice = choose();
        }
        if (choice.start() == null) {
          throw new StartupException(
              choice.refusal()
                  + ". To fix: copy a newer image.N from another FE's"
                  + " meta_dir/image into "
                  + images.dir()
                  + ", or restart with --helper <host:edit_log_port of a"
                  + " running FE> to fetch one");
        }
        catalog.publish(choice.start());
        if (choice.start().journalId() > 0) {
          LOG.info(
              "loaded image.{} from {}: {} databases, next id {}",
              choice.start().journalId(),
              images.dir(),
              choice.start().databases().size(),
              choice.start().nextId());
        }
        try {
          replayAll();
          return;
        } catch (JournalException gone) {
          if (attempt >= 2 || journal.firstId() <= catalog.current().journalId() + 1) {
            throw new StartupException("journal replay failed: " + gone.getMessage(), gone);
          }
          LOG.warn(
              "the journal moved past this FE while it replayed ({}); fetching a newer image",
              gone.getMessage());
        }
      }
    } catch (java.io.IOException e) {
      throw new StartupException(
          "cannot read the images in " + images.dir() + ": " + e.getMessage(), e);
    }
  }

  private ImageStore.Choice choose() throws java.io.IOException {
    return images.choose(journal.firstId(), journal.refreshLastId(), stored.cluster().clusterId());
  }

  /** Fetches an image from the helper or from the FEs the newest local image lists. */
  private void fetchImage(ImageStore.Choice choice) {
    java.util.LinkedHashSet<PeerAddress> sources = new java.util.LinkedHashSet<>();
    if (helper != null) {
      sources.add(new PeerAddress(helper.host(), helper.httpPort()));
    }
    if (choice.newestValid() != null) {
      choice
          .newestValid()
          .catalog()
          .frontends()
          .filter(fe -> !fe.name().equals(stored.node().name()))
          .forEach(fe -> sources.add(new PeerAddress(fe.host(), fe.httpPort())));
    }
    LOG.warn(
        "{}; fetching an image from {}",
        choice.refusal(),
        sources.isEmpty() ? "nobody (no helper and no" + " peer known)" : sources);
    try {
      new ImageFetcher(images, stored.cluster().clusterId(), peerClient, clock)
          .fetch(List.copyOf(sources), journal.firstId() - 1, journal::refreshLastId);
    } catch (java.io.IOException e) {
      LOG.warn("no peer could provide an image: {}", e.getMessage());
    }
  }

  /** Replays every journal entry after the catalog's id, logging progress for long journals. */
  private void replayAll() {
    long last = journal.lastId();
    if (last <= catalog.current().journalId()) {
      LOG.info("journal is empty or fully applied (last id {})", last);
      return;
    }
    LOG.info("replaying journal ids {}..{}", catalog.current().journalId() + 1, last);
    try {
      catalog.publish(JournalReplay.replay(journal, catalog.current(), last, clock));
    } catch (JournalReplay.ReplayFailure bad) {
      throw new StartupException(
          bad.getMessage()
              + "; the journal in "
              + bdbDir
              + " is damaged or was written by a newer MetaFE: start the MetaFE version that wrote it, or restore"
              + " meta_dir from a backup",
          bad);
    }
  }
}
