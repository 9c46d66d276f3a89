package io.metafe.edit;

import io.metafe.catalog.Catalog;
import io.metafe.records.JournalRecord;
import java.util.List;

/**
 * A requested change: looks at the catalog it will follow and either returns the records that make
 * it, with the result to give the client, or throws a {@link RuntimeException} that explains the
 * refusal. Must be pure: it runs on the writer thread against a catalog that may never be
 * published.
 */
@FunctionalInterface
public interface Change<R> {
  Proposal<R> propose(Catalog catalog);

  /**
   * The records of one change (possibly none, e.g. {@code CREATE DATABASE IF NOT EXISTS} of an
   * existing one).
   */
  record Proposal<R>(List<JournalRecord> records, R result) {
    public Proposal {
      records = List.copyOf(records);
    }

    public static <R> Proposal<R> of(R result, JournalRecord... records) {
      return new Proposal<>(List.of(records), result);
    }
  }
}
