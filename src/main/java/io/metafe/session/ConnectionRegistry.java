package io.metafe.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** The open sessions of this FE, for SHOW PROCESSLIST. Thread-safe. */
public final class ConnectionRegistry {
  private final ConcurrentSkipListMap<Long, FeSession> sessions = new ConcurrentSkipListMap<>();

  void add(FeSession s) {
    sessions.put(s.connectionId(), s);
  }

  void remove(FeSession s) {
    sessions.remove(s.connectionId());
  }

  List<FeSession> list() {
    return new ArrayList<>(sessions.values());
  }
}
