package io.metafe.server;

import io.metafe.catalog.Catalog;
import java.util.function.Consumer;

/**
 * Whether this FE is in the cluster's frontend list, followed as the catalog moves, so that an FE
 * dropped with ALTER SYSTEM DROP stops: at start-up when its metadata already says so, and while it
 * runs when it replays its own removal. The one owner of that runtime state. Thread-safe.
 */
final class SelfListing {
  private final String name;
  private final Consumer<String> fatal;

  /** Written by the role controller's thread (replay, a new master), read by the next one's. */
  private volatile boolean listed;

  /**
   * @param loaded the catalog this FE starts from
   * @param fatal told when a running FE replays its own removal
   */
  SelfListing(String name, Catalog loaded, Consumer<String> fatal) {
    this.name = name;
    this.fatal = fatal;
    this.listed = loaded.frontend(name).isDefined();
  }

  /**
   * Refuses to start an FE that the frontend list no longer holds. A joining FE is not listed yet
   * in what it loaded; an empty list is a cluster whose first master has not recorded itself yet.
   */
  static void refuseStartIfDropped(String name, Catalog loaded, boolean joinedNow) {
    if (!loaded.frontends().isEmpty() && loaded.frontend(name).isEmpty() && !joinedNow) {
      throw new StartupException(
          "this FE ("
              + name
              + ") is not in the cluster's frontend list: it"
              + " was dropped with ALTER SYSTEM DROP; to bring it back, ADD it again on the master and start it with an"
              + " empty meta_dir and --helper");
    }
  }

  /** A new master has recorded itself in the list. */
  void nowListed() {
    listed = true;
  }

  /** Told of every catalog a replica publishes: a replica that replays its own removal stops. */
  void check(Catalog c) {
    boolean now = c.frontend(name).isDefined();
    if (listed && !now) {
      fatal.accept(
          "this FE ("
              + name
              + ") was dropped from the cluster with ALTER SYSTEM DROP;"
              + " it stops. To bring it back, ADD it again on the master and start it with an empty meta_dir and"
              + " --helper");
    }
    listed = now;
  }
}
