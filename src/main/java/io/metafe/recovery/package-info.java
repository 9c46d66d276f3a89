/**
 * Metadata failure recovery: starting one FE alone as master from its own meta_dir after the cluster lost its
 * majority. Before the bdbje group is reset, {@link io.metafe.recovery.MetadataRecovery} refuses an observer
 * (until its ROLE is edited), skips a reset that already happened while the flag stayed on, probes the other FEs for
 * a live master (split brain), and backs up the meta_dir. The reset itself is handed in by the server, so this
 * package does not depend on bdbje.
 */
package io.metafe.recovery;
