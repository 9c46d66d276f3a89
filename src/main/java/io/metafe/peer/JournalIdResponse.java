package io.metafe.peer;

/** {@code /journal_id}: the replayed journal id (also in the response header {@code id}). */
public record JournalIdResponse(long id) {}
