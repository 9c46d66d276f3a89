package io.metafe.server;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps bdbje's electable membership equal to the frontend list. A node can be in the group without
 * being listed (dropped while the master changed), or be listed as stale (it belongs to the group
 * from before a recovery reset and, trying to rejoin, added itself although its handshake failed);
 * as an electable member it counts towards the quorum and can stop writes. The master removes such
 * members when it takes over and every few seconds after. Thread-safe.
 */
final class GroupMembership {
  private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(3);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(2);
  private static final int ATTEMPTS = 30;

  /** What membership needs of bdbje's replication group. */
  interface Group {
    Set<String> electableMemberNames();

    /** Throws while bdbje refuses, e.g. because the member still runs. */
    void removeMember(String nodeName);
  }

  private final Group group;
  private final CatalogHolder catalog;
  private final String selfName;
  private final BooleanSupplier closing;
  private final Clock clock;
  private final Set<String> removing = ConcurrentHashMap.newKeySet();

  /**
   * @param clock spaces the checks and the removal attempts
   */
  GroupMembership(
      BdbEnvironment bdb,
      CatalogHolder catalog,
      String selfName,
      BooleanSupplier closing,
      Clock clock) {
    this(
        new Group() {
          @Override
          public Set<String> electableMemberNames() {
            return bdb.electableMemberNames();
          }

          @Override
          public void removeMember(String nodeName) {
            bdb.removeMember(nodeName);
          }
        },
        catalog,
        selfName,
        closing,
        clock);
  }

  GroupMembership(
      Group group, CatalogHolder catalog, String selfName, BooleanSupplier closing, Clock clock) {
    this.group = group;
    this.catalog = catalog;
    this.selfName = selfName;
    this.closing = closing;
    this.clock = clock;
  }

  /** Removes every electable member that is not listed, or listed as stale. */
  void removeStrays() {
    Catalog c = catalog.current();
    for (String member : group.electableMemberNames()) {
      if (c.frontend(member).isEmpty()) {
        LOG.warn(
            "bdbje group member {} is not in the frontend list; removing it from the group",
            member);
        removeEventually(member);
      } else if (c.frontend(member).get().stale() && !member.equals(selfName)) {
        LOG.warn(
            "bdbje group member {} belongs to the group from before the recovery reset; removing it from the"
                + " group so that it cannot stop writes. DROP it and ADD it again with an empty meta_dir",
            member);
        removeEventually(member);
      }
    }
  }

  /**
   * Checks every few seconds until the returned handle is closed: one reconciler per mastership,
   * started and stopped with the master's other services. Closing never interrupts a check, since
   * an interrupt inside bdbje invalidates its environment; the thread ends after the check it is
   * in.
   */
  AutoCloseable startReconciler() {
    Object wakeup = new Object();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread t =
        new Thread(
            () -> {
              while (running.get() && !closing.getAsBoolean()) {
                try {
                  synchronized (wakeup) {
                    clock.await(wakeup, CHECK_EVERY);
                  }
                  if (running.get()) {
                    removeStrays();
                  }
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  LOG.debug("membership check: {}", e.toString());
                }
              }
            },
            "membership-reconciler");
    t.setDaemon(true);
    t.start();
    return () -> {
      running.set(false);
      synchronized (wakeup) {
        wakeup.notifyAll();
      }
    };
  }

  /**
   * Removes a member in the background, retrying while it still runs (bdbje refuses then); never
   * throws.
   */
  void removeEventually(String nodeName) {
    if (!removing.add(nodeName)) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                remove(nodeName);
              } finally {
                removing.remove(nodeName);
              }
            },
            "remove-member-" + nodeName);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Tries {@link #ATTEMPTS} times, {@link #RETRY_EVERY} apart, on the calling thread; the
   * background thread of {@link #removeEventually} runs it, and tests call it directly.
   */
  void remove(String nodeName) {
    for (int attempt = 1; attempt <= ATTEMPTS && !closing.getAsBoolean(); attempt++) {
      try {
        group.removeMember(nodeName);
        return;
      } catch (RuntimeException e) {
        if (attempt == ATTEMPTS) {
          LOG.warn(
              "{} should not be in the bdbje group but still is: {}; stop that FE so that it can be removed",
              nodeName,
              e.getMessage());
          return;
        }
        try {
          clock.sleep(RETRY_EVERY);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }
}
