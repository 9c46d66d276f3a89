package io.metafe.server;

import io.metafe.checkpoint.JournalTrimmer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What a master runs beside its edit log: the journal trimmer (deletes the journal behind every
 * live FE's image) and the group-membership upkeep (removes bdbje members the frontend list does
 * not hold). {@link #start} is the master's entry in {@link io.metafe.ha.RoleServices}: each
 * mastership gets a new trimmer and reconciler, and closing what it returns stops both, so neither
 * runs on an FE that is not master. Thread-safe.
 */
final class MasterServices {
  private final Supplier<JournalTrimmer> newTrimmer;
  private final GroupMembership membership;

  /** The running mastership's trimmer, for the checkpointer's wake-up; null on a non-master. */
  private final AtomicReference<JournalTrimmer> trimmer = new AtomicReference<>();

  MasterServices(Supplier<JournalTrimmer> newTrimmer, GroupMembership membership) {
    this.newTrimmer = newTrimmer;
    this.membership = membership;
  }

  AutoCloseable start() {
    JournalTrimmer t = newTrimmer.get();
    t.start();
    trimmer.set(t);
    AutoCloseable reconciler = membership.startReconciler();
    return () -> {
      trimmer.compareAndSet(t, null);
      t.close();
      reconciler.close();
    };
  }

  /** A new image may let the journal be trimmed further: the master's trimmer looks now. */
  void imageWritten() {
    JournalTrimmer t = trimmer.get();
    if (t != null) {
      t.wake();
    }
  }
}
