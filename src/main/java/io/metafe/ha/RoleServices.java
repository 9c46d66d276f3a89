package io.metafe.ha;

import java.util.function.Supplier;

/**
 * What a role runs beside its write path or its replay. {@link RoleController} starts the master's
 * services once the edit log is open and closes them before it stops writing, and starts the
 * replica's services with the replayer and closes them when replay stops; nothing else starts or
 * stops them.
 *
 * @param master started on entering MASTER (the journal trimmer, the group-membership upkeep)
 * @param replica started on entering FOLLOWER, OBSERVER or a replaying UNKNOWN (the master watch)
 */
public record RoleServices(Supplier<AutoCloseable> master, Supplier<AutoCloseable> replica) {

  /** No services beside the write path and the replay, for tests of those alone. */
  public static RoleServices none() {
    return new RoleServices(() -> () -> {}, () -> () -> {});
  }
}
