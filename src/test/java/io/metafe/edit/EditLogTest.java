package io.metafe.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.metafe.catalog.Catalog;
import io.metafe.journal.NotMasterException;
import io.metafe.journal.QuorumLostException;
import io.metafe.journal.UnknownOutcomeException;
import io.metafe.journal.memory.MemoryJournal;
import io.metafe.records.CreateDatabase;
import io.metafe.records.RecordCodec;
import io.metafe.time.Clock;
import io.metafe.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EditLogTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static Change<Long> createDatabase(String name) {
    return c -> {
      if (c.database(name).isDefined()) {
        throw new IllegalArgumentException("database " + name + " exists");
      }
      long id = c.nextId();
      return Change.Proposal.of(id, new CreateDatabase(id, name));
    };
  }

  @Test
  void concurrentWritersGetDistinctIdsAndEveryAcknowledgedWriteIsInTheJournal() throws Exception {
    MemoryJournal journal = new MemoryJournal();
    CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
    try (EditLog log = new EditLog(journal, holder, 64, failures::add, Clock.system())) {
      log.start();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<Long>> ids = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String name = "db" + i;
        ids.add(pool.submit(() -> log.submit(createDatabase(name), TIMEOUT)));
      }
      List<Long> got = new ArrayList<>();
      for (Future<Long> f : ids) {
        got.add(f.get());
      }
      pool.shutdown();
      assertThat(got).doesNotHaveDuplicates().hasSize(400);
      assertThat(journal.lastId()).isEqualTo(400);
      assertThat(holder.current().journalId()).isEqualTo(400);
      assertThat(holder.current().databases().size()).isEqualTo(400);
      Catalog replayed = Catalog.empty();
      for (var e : journal.read(1, 1000)) {
        replayed = replayed.apply(e.id(), RecordCodec.decode(e.data()));
      }
      assertThat(io.metafe.catalog.CatalogDigest.of(replayed))
          .isEqualTo(io.metafe.catalog.CatalogDigest.of(holder.current()));
    }
  }

  @Test
  void aRefusedChangeDoesNotAffectTheOthersInItsBatch() {
    MemoryJournal journal = new MemoryJournal();
    CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
    try (EditLog log = new EditLog(journal, holder, 64, failures::add, Clock.system())) {
      log.start();
      log.submit(createDatabase("a"), TIMEOUT);
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exists");
      log.submit(createDatabase("b"), TIMEOUT);
      assertThat(journal.lastId()).isEqualTo(2);
      assertThat(holder.current().databases().keySet()).containsExactly("a", "b");
    }
  }

  @Test
  void aFailedCommitPublishesNothingSaysTheOutcomeIsUnknownAndStopsWriting() {
    MemoryJournal journal = new MemoryJournal();
    CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
    try (EditLog log = new EditLog(journal, holder, 64, failures::add, Clock.system())) {
      log.start();
      log.submit(createDatabase("before"), TIMEOUT);
      journal.failNextAppend("disk full");
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(EditLogClosedException.class)
          .hasMessageContaining("disk full")
          .hasMessageContaining("may or may not have been applied");
      assertThat(holder.current().journalId()).isEqualTo(1);
      assertThat(holder.current().database("a").isDefined()).isFalse();
      assertThat(failures).singleElement().asString().contains("must be restarted");
      assertThatThrownBy(() -> log.submit(createDatabase("b"), TIMEOUT))
          .isInstanceOf(EditLogClosedException.class)
          .hasMessageContaining("stops accepting writes");
      assertThat(journal.lastId()).isEqualTo(1);
    }
  }

  @Test
  void aLostQuorumRefusesTheBatchButKeepsTheLogOpenForTheNextWrites() {
    MemoryJournal journal = new MemoryJournal();
    CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
    try (EditLog log = new EditLog(journal, holder, 64, failures::add, Clock.system())) {
      log.start();
      log.submit(createDatabase("before"), TIMEOUT);
      journal.failNextAppend(
          new QuorumLostException("a majority of FOLLOWERs is unreachable: fe2, fe3", null), false);
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(QuorumLostException.class)
          .hasMessageContaining("fe2, fe3");
      assertThat(holder.current().database("a").isDefined()).isFalse();
      assertThat(journal.lastId()).isEqualTo(1);

      // The FOLLOWERs are back: the same write goes through, with no restart.
      log.submit(createDatabase("a"), TIMEOUT);
      assertThat(holder.current().database("a").isDefined()).isTrue();
      assertThat(journal.lastId()).isEqualTo(2);
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void aCommitRefusedBecauseAnotherFeIsMasterClosesTheLogWithoutStoppingTheFe() {
    MemoryJournal journal = new MemoryJournal();
    CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
    try (EditLog log = new EditLog(journal, holder, 64, failures::add, Clock.system())) {
      log.start();
      log.submit(createDatabase("before"), TIMEOUT);
      journal.failNextAppend(
          new NotMasterException("this FE is no longer the master", null), false);
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(NotMasterException.class)
          .hasMessageContaining("no longer the master");
      assertThat(holder.current().journalId()).isEqualTo(1);
      assertThat(holder.current().database("a").isDefined()).isFalse();
      assertThatThrownBy(() -> log.submit(createDatabase("b"), TIMEOUT))
          .isInstanceOf(EditLogClosedException.class)
          .hasMessageContaining("write to the new master");
      assertThat(journal.lastId()).isEqualTo(1);
      assertThat(failures)
          .as("the role controller, not the FE's fatal handler, deals with it")
          .isEmpty();
    }
  }

  @Test
  void anUnconfirmedCommitIsReportedUnknownAndTheCatalogFollowsTheJournal() {
    MemoryJournal journal = new MemoryJournal();
    CatalogHolder holder = new CatalogHolder(Catalog.empty(), Clock.system());
    try (EditLog log = new EditLog(journal, holder, 64, failures::add, Clock.system())) {
      log.start();
      log.submit(createDatabase("before"), TIMEOUT);
      assertThat(log.confirmedThrough()).isEqualTo(1);
      journal.failNextAppend(new UnknownOutcomeException("acks missing", null), true);
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(UnknownOutcomeException.class)
          .hasMessageContaining("acks missing");
      assertThat(log.confirmedThrough())
          .as("entry 2 is in the catalog but unconfirmed")
          .isEqualTo(1);
      // The journal holds the entry, so the catalog does too, and the next write follows it.
      assertThat(journal.lastId()).isEqualTo(2);
      assertThat(holder.current().journalId()).isEqualTo(2);
      assertThat(holder.current().database("a").isDefined()).isTrue();
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exists");
      log.submit(createDatabase("b"), TIMEOUT);
      assertThat(journal.lastId()).isEqualTo(3);
      assertThat(log.confirmedThrough())
          .as("a confirmed later entry confirms the earlier ones")
          .isEqualTo(3);
      Catalog replayed = Catalog.empty();
      for (var e : journal.read(1, 10)) {
        replayed = replayed.apply(e.id(), RecordCodec.decode(e.data()));
      }
      assertThat(io.metafe.catalog.CatalogDigest.of(replayed))
          .isEqualTo(io.metafe.catalog.CatalogDigest.of(holder.current()));
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void aClosedLogRefusesWithItsReason() {
    EditLog log =
        new EditLog(
            new MemoryJournal(),
            new CatalogHolder(Catalog.empty(), Clock.system()),
            8,
            failures::add,
            Clock.system());
    log.start();
    log.close("this FE is no longer the master");
    assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
        .isInstanceOf(EditLogClosedException.class)
        .hasMessageContaining("no longer the master");
  }

  @Test
  void theLogSaysHowLongWritesWentWithoutAQuorumByTheClockFromTheFirstRefusal() {
    ManualClock clock = new ManualClock();
    MemoryJournal journal = new MemoryJournal();
    CatalogHolder holder = new CatalogHolder(Catalog.empty(), clock);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(EditLog.class);
    logged.start();
    logger.addAppender(logged);
    try (EditLog log = new EditLog(journal, holder, 64, failures::add, clock)) {
      log.start();
      journal.failNextAppend(new QuorumLostException("fe2 and fe3 are unreachable", null), false);
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(QuorumLostException.class);
      clock.advance(Duration.ofSeconds(41));
      journal.failNextAppend(new QuorumLostException("fe3 is unreachable", null), false);
      assertThatThrownBy(() -> log.submit(createDatabase("a"), TIMEOUT))
          .isInstanceOf(QuorumLostException.class);
      clock.advance(Duration.ofMillis(2_999));
      log.submit(createDatabase("a"), TIMEOUT);
    } finally {
      // Closing joins the writer, which logs after it answered the client.
      logger.detachAppender(logged);
    }
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "writes are refused until enough FOLLOWERs are back: fe2 and fe3 are unreachable",
            "writes are committed again: enough FOLLOWERs are back after 43 s without a quorum");
    assertThat(failures).isEmpty();
  }
}
