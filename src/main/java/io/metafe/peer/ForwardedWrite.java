package io.metafe.peer;

/** One statement of a forwarded write, with the database that was current when it was sent. */
public record ForwardedWrite(String sql, String db) {}
