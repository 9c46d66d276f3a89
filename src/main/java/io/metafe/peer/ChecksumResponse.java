package io.metafe.peer;

/**
 * {@code /api/checksum}: a digest of the whole catalog at the replayed journal id; equal digests at
 * equal ids mean two FEs hold the same metadata.
 */
public record ChecksumResponse(long journalId, String digest) {}
