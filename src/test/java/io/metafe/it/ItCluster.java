package io.metafe.it;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The FEs one test starts, and how they join: a test makes one in a field and closes it in
 * {@code @AfterEach}, which kills every FE it started by pid. Not thread-safe.
 */
final class ItCluster implements AutoCloseable {
  private final List<FeProcess> homes = new ArrayList<>();

  /** A new FE home with {@code conf} over the test defaults; not started. */
  FeProcess newFe(Map<String, String> conf) {
    FeProcess fe = FeProcess.create(conf);
    homes.add(fe);
    return fe;
  }

  FeProcess newFe() {
    return newFe(Map.of());
  }

  /**
   * A started master followed by FEs of the given roles ({@code FOLLOWER} or {@code OBSERVER}),
   * each added on the master and joined through it; the master first in the list.
   */
  List<FeProcess> start(Map<String, String> conf, String... roles) throws SQLException {
    return start(conf, fe -> fe, roles);
  }

  /**
   * As {@link #start(Map, String...)}, with {@code prepare} applied to each FE before it starts.
   */
  List<FeProcess> start(Map<String, String> conf, UnaryOperator<FeProcess> prepare, String... roles)
      throws SQLException {
    FeProcess master = prepare.apply(newFe(conf)).startOrFail();
    List<FeProcess> all = new ArrayList<>(List.of(master));
    for (String role : roles) {
      all.add(join(master, role, prepare.apply(newFe(conf))));
    }
    return all;
  }

  /**
   * Adds {@code fe} on the master with {@code role} and starts it with --helper naming the master.
   */
  static FeProcess join(FeProcess master, String role, FeProcess fe) throws SQLException {
    ItSupport.exec(master, "ALTER SYSTEM ADD " + role + " \"" + fe.helperAddress() + "\"");
    return fe.startOrFail("--helper", helper(master));
  }

  /**
   * What --helper takes to join through {@code fe}: its edit_log_port and, as every test FE has its
   * own, http_port.
   */
  static String helper(FeProcess fe) {
    return fe.helperAddress() + ":" + fe.httpPort();
  }

  @Override
  public void close() {
    homes.forEach(FeProcess::close);
  }
}
