package io.metafe.server;

import java.util.EnumMap;
import java.util.Map;

/**
 * What this FE has started so far, and the one order in which it stops. Start-up registers each
 * service the moment it exists, so that a start that fails halfway stops exactly what it started;
 * {@link #stop} then closes them in {@link Step}'s order, whatever order they were registered in,
 * each at most once. Thread-safe.
 *
 * <p>Also the owner of the FE's one "shutting down" flag, which services that retry (a new master
 * recording itself, the group membership upkeep) read to give up.
 */
final class StopOrder {
  /**
   * The order of a stop. Clients first, then the background writers, then the writer and replayer
   * (so that the catalog stops moving), then the last image, then what the others answer through,
   * and the journal, bdbje and the meta_dir lock last.
   */
  enum Step {
    MYSQL(false),
    CHECKPOINTER(false),
    ROLES(false),
    /** Runs only at a graceful stop: a catalog left by a fault is not one to stake an image on. */
    LAST_IMAGE(true),
    PEERS(false),
    PORTS(false),
    HTTP(false),
    JOURNAL(false),
    BDB(false),
    META_DIR_LOCK(false);

    private final boolean gracefulOnly;

    Step(boolean gracefulOnly) {
      this.gracefulOnly = gracefulOnly;
    }
  }

  /** One step's work; unlike {@link AutoCloseable}, it throws nothing checked. */
  @FunctionalInterface
  interface Stoppable {
    void stop();
  }

  private final Map<Step, Stoppable> started = new EnumMap<>(Step.class);
  private volatile boolean stopping;

  /**
   * Notes that {@code step} has something to stop. A step registered twice keeps the later one
   * (never happens: each is built once per start).
   */
  synchronized void started(Step step, Stoppable what) {
    started.put(step, what);
  }

  /**
   * Sets the shutting-down flag, then stops everything registered, in {@link Step}'s order. What
   * has been stopped is forgotten, so a second call stops only what was registered since (nothing,
   * once start-up is over). A step that throws ends this call; the steps after it stay registered.
   *
   * @param graceful whether the steps meant only for a graceful stop run
   */
  synchronized void stop(boolean graceful) {
    stopping = true;
    for (Step step : Step.values()) {
      Stoppable what = started.remove(step);
      if (what != null && (graceful || !step.gracefulOnly)) {
        what.stop();
      }
    }
  }

  /** Whether {@link #stop} has begun: services that retry give up. */
  boolean stopping() {
    return stopping;
  }
}
