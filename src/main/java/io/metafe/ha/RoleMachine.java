package io.metafe.ha;

import io.metafe.journal.NodeState;
import java.util.List;

/**
 * The FE's role as a pure function of its current role and what bdbje says next. Deterministic and
 * free of I/O, so the scenario files under {@code src/test/resources/io/metafe/ha} can state every
 * transition as a runbook line; {@link RoleController} carries out the returned actions, in order,
 * and is the only place that does.
 *
 * <pre>
 *   INIT, UNKNOWN, FOLLOWER  --MASTER-->   MASTER    stop replaying; reopen the journal; start writing
 *   INIT, UNKNOWN            --REPLICA-->  FOLLOWER (electable) or OBSERVER: replay continuously
 *   INIT, FOLLOWER, OBSERVER --UNKNOWN-->  UNKNOWN   serve reads (and keep replaying) until a master is elected
 *   MASTER                   --REPLICA-->  FOLLOWER  step down: stop writing first, reopen the journal read-only,
 *                                                    replay the new master's entries after the catalog's last id
 *   MASTER                   --UNKNOWN-->  UNKNOWN   step down likewise (no quorum), replaying once a master exists
 *   OBSERVER                 --MASTER-->   stop      bdbje never elects a non-voting node; believing it would fork
 *   any                      --DETACHED--> stop      bdbje closed the environment
 *   replaying                --INVALIDATED--> same   reopen the invalidated environment, reload, replay again
 *   not replaying            --INVALIDATED--> stop
 *   stopping                 --anything--> stopping  nothing more runs
 * </pre>
 *
 * <p>A step-down keeps the process: the catalog holds only entries this FE's journal committed, so
 * it is a prefix of the local journal. If the new master's history lacks one of them, bdbje must
 * roll back a committed entry, which it does only by invalidating the environment; the replayer
 * then stops the FE, and a restart replays the truth. </pre>
 */
public final class RoleMachine {

  /** What entering or leaving a role starts or stops. */
  public enum Action {
    /**
     * Close the journal's handles and open them again as bdbje's current state allows (writable on
     * a master).
     */
    REOPEN_JOURNAL,
    /**
     * Reopen bdbje's invalidated environment (it rolls back what the group does not have) and
     * reload the catalog from the newest image the journal continues plus the journal.
     */
    REOPEN_AFTER_ROLLBACK,
    /** Start the replayer: apply the master's entries as bdbje commits them. */
    START_REPLAY,
    /** Stop the replayer and wait for it; the catalog stays at what it applied. */
    STOP_REPLAY,
    /** Apply what the journal holds beyond the catalog, then start the edit log. */
    START_WRITING,
    /**
     * Close the edit log: queued and later writes fail with an error that says this FE is not the
     * master.
     */
    STOP_WRITING,
    /** Stop the FE with the transition's reason. */
    STOP_FE
  }

  /**
   * Where the FE is.
   *
   * @param replaying whether the replayer runs: it keeps running through UNKNOWN after FOLLOWER or
   *     OBSERVER
   * @param stopping set once the FE must stop; no transition follows
   */
  public record Role(FeType type, boolean replaying, boolean stopping) {
    public static final Role INIT = new Role(FeType.INIT, false, false);
  }

  /**
   * One step.
   *
   * @param why for the log line (and the stop reason with {@link Action#STOP_FE}); empty when
   *     nothing changed
   */
  public record Transition(Role from, Role to, List<Action> actions, String why) {
    public boolean changed() {
      return !from.equals(to) || !actions.isEmpty();
    }
  }

  private final boolean electable;

  /**
   * @param electable a FOLLOWER (votes, may be elected) rather than an OBSERVER
   */
  public RoleMachine(boolean electable) {
    this.electable = electable;
  }

  /** The step from {@code from} on bdbje's {@code state}. */
  public Transition next(Role from, NodeState state) {
    if (from.stopping()) {
      return same(from);
    }
    FeType type = from.type();
    return switch (state) {
      case MASTER -> {
        if (type == FeType.MASTER) {
          yield same(from);
        }
        if (!electable) {
          yield stop(
              from,
              "bdbje reported this OBSERVER as MASTER, which a non-voting node never is; the FE stops"
                  + " rather than write");
        }
        List<Action> actions =
            from.replaying()
                ? List.of(Action.STOP_REPLAY, Action.REOPEN_JOURNAL, Action.START_WRITING)
                : List.of(Action.REOPEN_JOURNAL, Action.START_WRITING);
        yield new Transition(
            from, new Role(FeType.MASTER, false, false), actions, "elected master");
      }
      case REPLICA -> {
        if (type == FeType.MASTER) {
          yield stepDown(
              from, electable ? FeType.FOLLOWER : FeType.OBSERVER, "another FE is master now");
        }
        if (type == FeType.INIT || type == FeType.UNKNOWN) {
          FeType next = electable ? FeType.FOLLOWER : FeType.OBSERVER;
          List<Action> actions = from.replaying() ? List.of() : List.of(Action.START_REPLAY);
          yield new Transition(from, new Role(next, true, false), actions, "following the master");
        }
        yield same(from);
      }
      case UNKNOWN -> {
        if (type == FeType.MASTER) {
          yield stepDown(
              from,
              FeType.UNKNOWN,
              "bdbje demoted it: another FE was elected while it was paused or cut"
                  + " off, or too few FOLLOWERs are in contact");
        }
        if (type == FeType.UNKNOWN) {
          yield same(from);
        }
        yield new Transition(
            from,
            new Role(FeType.UNKNOWN, from.replaying(), false),
            List.of(),
            type == FeType.INIT
                ? "no master is elected yet (a majority of FOLLOWERs must run)"
                : "no master is reachable");
      }
      case INVALIDATED ->
          from.replaying()
              ? rolledBack(from)
              : stop(
                  from,
                  "bdbje invalidated this FE's"
                      + " environment while it was "
                      + type
                      + "; the FE stops: see bdb/je.info.0 for bdbje's reason");
      case DETACHED ->
          stop(
              from,
              "bdbje closed this FE's replication environment (state DETACHED); the FE stops:"
                  + " see bdb/je.info.0 for bdbje's reason");
    };
  }

  /**
   * bdbje invalidated the environment under a replaying FE to roll back entries it committed (as
   * master, or replayed from a master that was then replaced) and the group's new master does not
   * have. The FE keeps its role and reopens in-process.
   */
  private static Transition rolledBack(Role from) {
    return new Transition(
        from,
        from,
        List.of(Action.STOP_REPLAY, Action.REOPEN_AFTER_ROLLBACK, Action.START_REPLAY),
        "bdbje must roll back journal entries this FE applied; it reopens the environment"
            + " and reloads the catalog");
  }

  /** What stops everything that runs in {@code from}. */
  private static List<Action> leave(Role from) {
    if (from.type() == FeType.MASTER) {
      return List.of(Action.STOP_WRITING);
    }
    return from.replaying() ? List.of(Action.STOP_REPLAY) : List.of();
  }

  private static Transition stepDown(Role from, FeType to, String why) {
    return new Transition(
        from,
        new Role(to, true, false),
        List.of(Action.STOP_WRITING, Action.REOPEN_JOURNAL, Action.START_REPLAY),
        "this FE lost mastership ("
            + why
            + "); it stopped writing and replays the journal as "
            + to);
  }

  private static Transition stop(Role from, String why) {
    List<Action> actions = new java.util.ArrayList<>(leave(from));
    actions.add(Action.STOP_FE);
    // A stopping master is no longer one: forwarded writes read the type before the edit log is
    // closed.
    FeType type = from.type() == FeType.MASTER ? FeType.UNKNOWN : from.type();
    return new Transition(from, new Role(type, false, true), List.copyOf(actions), why);
  }

  private static Transition same(Role from) {
    return new Transition(from, from, List.of(), "");
  }
}
