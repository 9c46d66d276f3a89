/**
 * Keeping the metadata compact: every FE writes its own {@code image.N} from its immutable catalog
 * every {@code edit_log_roll_num} entries, every {@code checkpoint_interval_second} while its
 * catalog changes, on demand and at a graceful stop ({@link io.metafe.checkpoint.Checkpointer}),
 * and the master deletes journal segments that every live FE's image already covers ({@link
 * io.metafe.checkpoint.JournalTrimmer}). Neither needs a second copy of the catalog nor stops
 * writes. Depends on the catalog, the journal interface and the image files.
 */
package io.metafe.checkpoint;
