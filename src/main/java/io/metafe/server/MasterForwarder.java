package io.metafe.server;

import io.metafe.edit.CatalogHolder;
import io.metafe.peer.ForwardRequest;
import io.metafe.peer.ForwardResponse;
import io.metafe.peer.ForwardedWrite;
import io.metafe.peer.PeerAddress;
import io.metafe.peer.PeerCallException;
import io.metafe.peer.PeerClient;
import io.metafe.peer.Route;
import io.metafe.records.MasterInfo;
import io.metafe.session.Forwarder;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-master's side of forwarding: sends writes to the master bdbje elected and returns its
 * answer. A write goes only to a master that bdbje still names and that has announced itself
 * ({@code MasterInfo} replayed here); one that reached nobody goes to the next master. Thread-safe.
 */
final class MasterForwarder implements Forwarder {
  private static final Logger LOG = LoggerFactory.getLogger(MasterForwarder.class);

  /**
   * How long a write whose master refuses connections waits for the next master before it is
   * refused.
   */
  static final Duration UNREACHABLE_MASTER_WAIT = Duration.ofSeconds(15);

  /** How long an elected master may take to announce itself before a write is refused. */
  static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(5);

  /** How often a write in flight checks that bdbje still names its master. */
  static final Duration IN_FLIGHT_CHECK = Duration.ofMillis(100);

  private static final Duration MASTER_POLL = Duration.ofMillis(20);
  private static final Duration NEXT_MASTER_POLL = Duration.ofMillis(50);

  private final CatalogHolder catalog;
  private final Supplier<String> electedMaster;
  private final PeerClient client;
  private final Clock clock;

  /**
   * @param electedMaster the node name of the master bdbje reports now, or null
   */
  MasterForwarder(
      CatalogHolder catalog, Supplier<String> electedMaster, PeerClient client, Clock clock) {
    this.catalog = catalog;
    this.electedMaster = electedMaster;
    this.client = client;
    this.clock = clock;
  }

  @Override
  public Forwarded forward(List<Forwarder.Write> writes, String user) {
    ForwardRequest request =
        ForwardRequest.of(
            writes.stream().map(w -> new ForwardedWrite(w.sql(), w.database())).toList(), user);
    long deadline = clock.nanos() + UNREACHABLE_MASTER_WAIT.toNanos();
    while (true) {
      MasterInfo m = currentMaster();
      try {
        return forwardTo(m, request);
      } catch (UnreachableMasterException e) {
        // Nothing reached that master, so the writes can safely go to the one elected after it.
        if (clock.nanos() > deadline || !awaitOtherMaster(m.nodeName(), deadline)) {
          throw SqlException.of(
              SqlError.UNKNOWN,
              "cannot forward the write to master "
                  + describe(m)
                  + " (nothing answers there) and no other master was elected within "
                  + UNREACHABLE_MASTER_WAIT.toSeconds()
                  + " s; nothing was written: retry once a master is elected"
                  + " (SHOW FRONTENDS)");
        }
        LOG.info(
            "master {} is unreachable; forwarding to the newly elected master {}",
            m.nodeName(),
            electedMaster.get());
      }
    }
  }

  /**
   * The master to forward to: the one bdbje elected, once its {@code MasterInfo} record has been
   * replayed here. Refuses at once while no master is elected, rather than sending the write to one
   * that is gone or hung.
   */
  private MasterInfo currentMaster() {
    long deadline = clock.nanos() + ANNOUNCE_WAIT.toNanos();
    while (true) {
      String elected = electedMaster.get();
      MasterInfo m = catalog.current().master();
      if (elected != null && m != null && m.nodeName().equals(elected)) {
        return m;
      }
      if (elected == null || clock.nanos() > deadline) {
        throw SqlException.of(
            SqlError.UNKNOWN,
            "no master is elected right now"
                + (elected == null
                    ? ""
                    : " (" + elected + " was elected but has not announced itself yet)")
                + ", so this write cannot be forwarded; retry in a few seconds, and check SHOW FRONTENDS");
      }
      sleep(MASTER_POLL, "interrupted while waiting for a master");
    }
  }

  /** Waits until bdbje elects a master other than {@code previous}; false at the deadline. */
  private boolean awaitOtherMaster(String previous, long deadline) {
    while (clock.nanos() < deadline) {
      String elected = electedMaster.get();
      MasterInfo m = catalog.current().master();
      if (elected != null
          && !elected.equals(previous)
          && m != null
          && m.nodeName().equals(elected)) {
        return true;
      }
      sleep(NEXT_MASTER_POLL, "interrupted while waiting for the next master; nothing was written");
    }
    return false;
  }

  /** The connection to the master was refused: the request never reached it. */
  private static final class UnreachableMasterException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreachableMasterException(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Sends the writes and waits for the answer only while bdbje still names that FE master: a master
   * that hangs is replaced within seconds, and the client must hear so, not wait for a timeout.
   */
  private Forwarded forwardTo(MasterInfo m, ForwardRequest request)
      throws UnreachableMasterException {
    CompletableFuture<ForwardResponse> answer =
        client.send(Route.FORWARD, address(m), request, Route.FORWARD.timeout());
    while (true) {
      try {
        ForwardResponse r = answer.get(IN_FLIGHT_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        if (r.sqlState() == null) {
          // Every answer of a MetaFE master carries a SQL state; without one, 0 would read as
          // success.
          throw outcomeUnknown(m, "its answer says neither success nor failure");
        }
        return new Forwarded(
            r.errorCode(), r.sqlState(), r.message(), r.affectedRows(), r.journalId());
      } catch (TimeoutException stillWaiting) {
        if (!m.nodeName().equals(electedMaster.get())) {
          answer.cancel(true);
          throw outcomeUnknown(
              m, "master " + m.nodeName() + " lost mastership while the write was in flight");
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof PeerCallException failed) {
          return failed(m, failed);
        }
        throw outcomeUnknown(m, String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answer.cancel(true);
        throw outcomeUnknown(m, "interrupted while the write was in flight");
      }
    }
  }

  private Forwarded failed(MasterInfo m, PeerCallException e) throws UnreachableMasterException {
    if (e.reachedNobody()) {
      throw new UnreachableMasterException(e);
    }
    boolean refusedBeforeRunning =
        e.failure() == PeerCallException.Failure.REFUSED && e.httpStatus() / 100 == 4;
    if (refusedBeforeRunning && e.httpStatus() == 409) {
      // It stepped down since this FE replayed its MasterInfo; the next write finds the new one.
      return new Forwarded(
          SqlError.UNKNOWN.code(),
          SqlError.UNKNOWN.sqlState(),
          "the FE the write was forwarded to is no longer the master; retry",
          0,
          0);
    }
    if (refusedBeforeRunning) {
      throw SqlException.of(
          SqlError.UNKNOWN,
          "master "
              + describe(m)
              + " refused the forwarded write ("
              + e.getMessage()
              + "); nothing was written");
    }
    throw outcomeUnknown(m, e.getMessage());
  }

  private static SqlException outcomeUnknown(MasterInfo m, String why) {
    return SqlException.of(
        SqlError.UNKNOWN,
        "cannot forward the write to master "
            + describe(m)
            + " ("
            + why
            + "); its outcome is unknown if the master"
            + " received it: check, then retry on the master or here once a master is elected");
  }

  private void sleep(Duration d, String interrupted) {
    try {
      clock.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SqlException.of(SqlError.UNKNOWN, interrupted);
    }
  }

  private static PeerAddress address(MasterInfo m) {
    return new PeerAddress(m.host(), m.httpPort());
  }

  private static String describe(MasterInfo m) {
    return m.nodeName() + " at " + m.host() + ":" + m.httpPort();
  }
}
