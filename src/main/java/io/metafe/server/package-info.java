/**
 * The process: {@link io.metafe.server.Main} (the only place that exits) and the composition root
 * {@link io.metafe.server.FeServer}. A start runs in steps, each ending in an immutable value:
 * {@code NodeStartup} chooses the address, checks the ports and reads {@code --helper}, starts the
 * HTTP server (other FEs ask every FE about itself during restarts and joins, before its bdbje is
 * open), then {@code MetaDirStartup} locks the meta_dir and loads, creates or joins it; what
 * follows for a member runs before bdbje opens: {@code KnownPeers} reads from the meta_dir itself
 * which other FEs exist, {@code PeerProbe} asks them (the split-brain guard of a recovery, and
 * whether an election can succeed now) and {@code Fencing} stops an FE that was dropped or belongs
 * to a group from before a recovery. The result is the {@code NodeContext}, from which {@code
 * FeServices} builds the running FE by constructor; {@code StopOrder} stops whatever a start began,
 * in one fixed order, and {@code SelfReport} is what the HTTP server says of this FE while it
 * learns its identity and role. {@code QuorumWait} says what an FE without a master waits for;
 * {@code PortsRecorder} records the ports each FE reports.
 */
package io.metafe.server;
