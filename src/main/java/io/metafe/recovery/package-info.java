/**
 * Metadata failure recovery: starting one FE alone as master from its own meta_dir after the
 * cluster lost its majority. Before the bdbje group is reset, {@link
 * io.metafe.recovery.MetadataRecovery} refuses an observer (until its ROLE is edited), skips a
 * reset that already happened while the flag stayed on, refuses while any other FE answers as, or
 * follows, a live master of this cluster ({@link io.metafe.recovery.PeerAnswer}; the probing itself
 * is handed in), and backs up the meta_dir. The reset itself is handed in by the server, so this
 * package does not depend on bdbje.
 */
package io.metafe.recovery;
