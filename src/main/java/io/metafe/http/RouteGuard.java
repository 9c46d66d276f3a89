package io.metafe.http;

import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.ClusterToken;
import io.metafe.peer.Refusal;
import io.metafe.peer.Route;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who may call which route, for every route in one place: the {@link Route.Access} it declares, the
 * cluster token, and whether only the master answers it. Thread-safe.
 */
final class RouteGuard {
  private final CatalogHolder catalog;
  private final Supplier<PeerHttpServer.Node> node;

  RouteGuard(CatalogHolder catalog, Supplier<PeerHttpServer.Node> node) {
    this.catalog = catalog;
    this.node = node;
  }

  /**
   * @param caller the caller's IP address
   * @param headerToken the value of {@link ClusterToken#HEADER}, or null
   * @return the refusal to answer with, or null when the call may go on
   */
  Reply check(
      Route<?, ?> route,
      String method,
      String caller,
      String headerToken,
      Map<String, String> query) {
    Reply denied =
        switch (route.access()) {
          case OPEN -> null;
          case OWN_ENTRY -> ownEntry(caller, query);
          case TOKEN_PARAM ->
              tokenMatches(query.get(ClusterToken.PARAM))
                  ? null
                  : refuse(
                      403,
                      "missing or wrong token: pass ?token=<token from meta_dir/image/VERSION>");
          case PEER -> peer(route, method, caller, headerToken);
        };
    if (denied == null && route.masterOnly() && !node.get().isMaster()) {
      return refuse(409, "this FE is not the master");
    }
    return denied;
  }

  private Reply peer(Route<?, ?> route, String method, String caller, String headerToken) {
    boolean listed = catalog.current().frontends().exists(f -> sameHost(f.host(), caller));
    boolean rightMethod = route.method().name().equals(method);
    if (listed && rightMethod && tokenMatches(headerToken)) {
      return null;
    }
    return refuse(
        403,
        "peer requests must be "
            + route.method()
            + "s from an FE in the frontend list with the cluster token; caller "
            + caller
            + (!listed
                ? " is not listed"
                : !rightMethod ? " sent a " + method : " sent a wrong token"));
  }

  private Reply ownEntry(String caller, Map<String, String> query) {
    Frontend fe = frontendAt(catalog, query);
    if (fe != null && sameHost(fe.host(), caller)) {
      return null;
    }
    return refuse(
        403,
        "invalid client host "
            + caller
            + ": only FEs added with ALTER SYSTEM ADD FOLLOWER/OBSERVER may read the cluster"
            + " identity");
  }

  private boolean tokenMatches(String presented) {
    return ClusterToken.matches(presented, node.get().token());
  }

  private static Reply refuse(int status, String msg) {
    return Reply.of(status, Refusal.of(msg));
  }

  /** The FE whose edit_log_port the query's {@code host} and {@code port} name, or null. */
  static Frontend frontendAt(CatalogHolder catalog, Map<String, String> query) {
    String host = query.get("host");
    int port;
    try {
      port = Integer.parseInt(query.getOrDefault("port", ""));
    } catch (NumberFormatException e) {
      return null;
    }
    return host == null ? null : catalog.current().frontendAt(host, port).getOrNull();
  }

  /**
   * Whether a request from {@code caller} may come from an FE at {@code host}. The JDK's HTTP
   * client cannot choose its source address, so an FE on 127.0.0.3 calls from 127.0.0.1: on
   * loopback, any 127/8 caller is this machine.
   */
  static boolean sameHost(String host, String caller) {
    return host.equals(caller) || (host.startsWith("127.") && caller.startsWith("127."));
  }
}
