/**
 * Roles and their transitions. bdbje says what this node is (MASTER, REPLICA, UNKNOWN, DETACHED);
 * {@link io.metafe.ha.RoleController} turns that into the FE's type (INIT, MASTER, FOLLOWER, OBSERVER, UNKNOWN) with
 * one transition table, starting the {@link io.metafe.ha.Replayer} on replicas and the edit log on the master. A
 * master never becomes anything else: losing mastership stops the FE.
 */
package io.metafe.ha;
