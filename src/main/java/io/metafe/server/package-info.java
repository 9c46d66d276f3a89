/**
 * The process: {@link io.metafe.server.Main} (the only place that exits), the composition root
 * {@link io.metafe.server.FeServer} that wires every service by constructor, address selection and
 * port checks. Before bdbje opens, {@code KnownPeers} reads from the meta_dir itself which other
 * FEs exist, {@code PeerProbe} asks them (the split-brain guard of a recovery, and whether an
 * election can succeed now) and {@code Fencing} stops an FE that was dropped or belongs to a group
 * from before a recovery. {@code QuorumWait} says what an FE without a master waits for; {@code
 * PortsRecorder} records the ports each FE reports.
 */
package io.metafe.server;
