/**
 * The journal: a sequence of opaque entries under consecutive ids starting at 1, behind the small
 * {@link io.metafe.journal.Journal} interface. {@code memory} holds a deterministic in-memory
 * journal for tests; {@code bdb} holds the bdbje HA journal, the only code in MetaFE that imports
 * {@code com.sleepycat}. A failed append says which of three things happened: nothing was written
 * for want of a quorum ({@link io.metafe.journal.QuorumLostException}), it was written here but not
 * confirmed ({@link io.metafe.journal.UnknownOutcomeException}), or anything else ({@link
 * io.metafe.journal.JournalException}).
 */
package io.metafe.journal;
