/**
 * The journal: a sequence of opaque entries under consecutive ids starting at 1, behind the small {@link
 * io.metafe.journal.Journal} interface. {@code memory} holds a deterministic in-memory journal for tests; {@code bdb}
 * holds the bdbje HA journal, the only code in MetaFE that imports {@code com.sleepycat}.
 */
package io.metafe.journal;
