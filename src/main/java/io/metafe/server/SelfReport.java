package io.metafe.server;

import io.metafe.ha.FeType;
import io.metafe.ha.RoleController;
import io.metafe.http.PeerHttpServer;
import io.metafe.metadir.MetaDir;
import java.util.function.Supplier;

/**
 * This FE as its HTTP endpoints and its peer client present it, from the moment the HTTP server
 * listens. That server starts before the meta_dir is read on purpose: during a whole-cluster
 * restart or a join, other FEs ask every FE for {@code /api/health}, {@code /info} and {@code
 * /role}, and must be answered while this one still opens bdbje. So two facts arrive after the
 * server listens, and start-up publishes each exactly once:
 *
 * <ol>
 *   <li>who this FE is ({@link #identify}), once the meta_dir is loaded, created or learned from
 *       the helper; until then it is {@link #STARTING}: no node name, cluster id 0, no token;
 *   <li>where its role comes from ({@link #rolesFrom}), once the role controller exists; until then
 *       it is INIT.
 * </ol>
 *
 * <p>Thread-safe: each fact is one volatile reference to an immutable value.
 */
final class SelfReport implements PeerHttpServer.Node {
  /** The identity an FE reports before it knows its own: nothing another FE could match. */
  static final Identity STARTING = new Identity("", 0, "");

  private static final Supplier<FeType> NO_ROLE_YET = () -> FeType.INIT;

  /** The part of image/ROLE and image/VERSION that other FEs see. */
  record Identity(String name, int clusterId, String token) {
    static Identity of(MetaDir.Stored stored) {
      return new Identity(
          stored.node().name(), stored.cluster().clusterId(), stored.cluster().token());
    }
  }

  private final long startTime;
  private volatile Identity identity = STARTING;
  private volatile Supplier<FeType> role = NO_ROLE_YET;

  /**
   * @param startTime wall millis when this FE began starting
   */
  SelfReport(long startTime) {
    this.startTime = startTime;
  }

  /** Publishes who this FE is; once per start. */
  void identify(MetaDir.Stored stored) {
    if (identity != STARTING) {
      throw new IllegalStateException("this FE's identity is already published");
    }
    identity = Identity.of(stored);
  }

  /** From now on the role is the controller's; once per start. */
  void rolesFrom(RoleController roles) {
    if (role != NO_ROLE_YET) {
      throw new IllegalStateException("this FE's role controller is already published");
    }
    role = roles::type;
  }

  FeType feType() {
    return role.get();
  }

  @Override
  public String name() {
    return identity.name();
  }

  @Override
  public int clusterId() {
    return identity.clusterId();
  }

  @Override
  public String token() {
    return identity.token();
  }

  @Override
  public String type() {
    return feType().name();
  }

  @Override
  public long startTimeMillis() {
    return startTime;
  }

  @Override
  public String version() {
    return FeServer.VERSION;
  }
}
