package io.metafe.peer;

import java.util.List;

/**
 * {@code POST /api/forward}: writes a non-master received, to run on the master as {@code user}:
 * one on its own, several (a transaction at COMMIT) all or nothing.
 *
 * @param sql the single write of an FE of an older MetaFE, which sends {@code sql} and {@code db}
 *     instead of {@code writes}; null from this version
 */
public record ForwardRequest(List<ForwardedWrite> writes, String user, String sql, String db) {

  public static ForwardRequest of(List<ForwardedWrite> writes, String user) {
    return new ForwardRequest(List.copyOf(writes), user, null, null);
  }

  /** The statements to run, or null when one cannot be read: part of a transaction is never run. */
  public List<ForwardedWrite> statements() {
    if (writes == null) {
      return sql == null ? List.of() : List.of(new ForwardedWrite(sql, db));
    }
    for (ForwardedWrite w : writes) {
      if (w == null || w.sql() == null) {
        return null;
      }
    }
    return writes;
  }
}
