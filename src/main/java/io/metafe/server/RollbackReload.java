package io.metafe.server;

import io.metafe.catalog.Catalog;
import io.metafe.edit.JournalReplay;
import io.metafe.image.ImageStore;
import io.metafe.journal.JournalException;
import io.metafe.journal.bdb.BdbJournal;
import io.metafe.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog after bdbje rolled back entries this FE had applied: the newest image the reopened
 * journal continues, plus the journal. Images beyond the journal's end hold rolled-back entries and
 * are set aside. Run by the role controller after it reopened the environment.
 */
final class RollbackReload implements Supplier<Catalog> {
  // Its lines appear in fe.log as [FeServer], where operators and tests look for them.
  private static final Logger LOG = LoggerFactory.getLogger(FeServer.class);

  private final BdbJournal journal;
  private final ImageStore images;
  private final int clusterId;
  private final Clock clock;

  RollbackReload(BdbJournal journal, ImageStore images, int clusterId, Clock clock) {
    this.journal = journal;
    this.images = images;
    this.clusterId = clusterId;
    this.clock = clock;
  }

  /**
   * @throws JournalException when no image fits the journal, or the images cannot be read
   */
  @Override
  public Catalog get() {
    long last = journal.refreshLastId();
    try {
      for (long id : images.ids()) {
        if (id > last) {
          Path aside = images.setAside(id);
          LOG.warn(
              "image.{} is newer than the journal after the rollback (last id {}), so it holds rolled-back"
                  + " entries: set aside as {}",
              id,
              last,
              aside.getFileName());
        }
      }
      ImageStore.Choice choice = images.choose(journal.firstId(), last, clusterId);
      if (choice.start() == null) {
        throw new JournalException(choice.refusal());
      }
      return JournalReplay.replay(journal, choice.start(), last, clock);
    } catch (IOException e) {
      throw new JournalException(
          "cannot read the images in " + images.dir() + ": " + e.getMessage(), e);
    }
  }
}
