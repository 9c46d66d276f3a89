/**
 * A deterministic in-memory journal with the same contract as the bdbje one, for fast unit tests.
 */
package io.metafe.journal.memory;
