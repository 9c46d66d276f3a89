/**
 * Roles and their transitions. bdbje says what this node is (MASTER, REPLICA, UNKNOWN, DETACHED);
 * {@link io.metafe.ha.RoleMachine}, a pure function, turns that into the FE's type (INIT, MASTER,
 * FOLLOWER, OBSERVER, UNKNOWN) and the actions that start and stop each role's services, and {@link
 * io.metafe.ha.RoleController} carries them out: the {@link io.metafe.ha.Replayer} on replicas, the
 * edit log on the master. A master that loses its mastership steps down in-process and replays the
 * new master's journal.
 */
package io.metafe.ha;
