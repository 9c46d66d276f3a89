package io.metafe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.Refusal;
import io.metafe.peer.Route;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One guard decides every route's callers: the same checks and the same words everywhere. */
class RouteGuardTest {
  private static final String TOKEN = "cluster-token";
  private final CatalogHolder catalog =
      new CatalogHolder(
          Catalog.empty()
              .apply(1, new AddFrontend("fe1", FrontendRole.FOLLOWER, "10.0.0.1", 9010, 8030))
              .apply(2, new AddFrontend("fe2", FrontendRole.FOLLOWER, "10.0.0.2", 9010, 8030)),
          io.metafe.time.Clock.system());
  private final TestNode node = new TestNode("fe1", TOKEN, "MASTER");
  private final RouteGuard guard = new RouteGuard(catalog, () -> node);

  private Reply check(Route<?, ?> route, String method, String caller, String token) {
    return guard.check(route, method, caller, token, Map.of());
  }

  private static String msg(Reply r) {
    return ((Refusal) r.body()).msg();
  }

  @Test
  void aListedFeWithTheTokenIsLetIntoEveryPeerRoute() {
    for (Route<?, ?> r : Route.ALL) {
      if (r.access() == Route.Access.PEER) {
        assertThat(check(r, r.method().name(), "10.0.0.2", TOKEN)).as(r.toString()).isNull();
      }
    }
  }

  @Test
  void everyPeerRouteRefusesAWrongTokenOrAStrangerWithTodaysWords() {
    for (Route<?, ?> r : Route.ALL) {
      if (r.access() != Route.Access.PEER) {
        continue;
      }
      String prefix =
          "peer requests must be "
              + r.method()
              + "s from an FE in the frontend list with the cluster token; caller ";
      Reply wrong = check(r, r.method().name(), "10.0.0.2", "guess");
      assertThat(wrong.status()).as(r.toString()).isEqualTo(403);
      assertThat(msg(wrong)).isEqualTo(prefix + "10.0.0.2 sent a wrong token");
      assertThat(msg(check(r, r.method().name(), "10.0.0.2", null)))
          .isEqualTo(prefix + "10.0.0.2 sent a wrong token");
      assertThat(msg(check(r, r.method().name(), "10.0.0.9", TOKEN)))
          .isEqualTo(prefix + "10.0.0.9 is not listed");
    }
    assertThat(msg(check(Route.FORWARD, "GET", "10.0.0.2", TOKEN)))
        .endsWith("caller 10.0.0.2 sent a GET");
  }

  @Test
  void anFeThatHasNoTokenYetAcceptsNone() {
    TestNode starting = new TestNode("", "", "INIT");
    RouteGuard early = new RouteGuard(catalog, () -> starting);
    assertThat(early.check(Route.HEARTBEAT, "POST", "10.0.0.2", "", Map.of()).status())
        .isEqualTo(403);
  }

  @Test
  void theChecksumWantsTheTokenInTheQuery() {
    Reply r = guard.check(Route.CHECKSUM, "GET", "10.9.9.9", TOKEN, Map.of());
    assertThat(r.status()).isEqualTo(403);
    assertThat(msg(r))
        .isEqualTo("missing or wrong token: pass ?token=<token from meta_dir/image/VERSION>");
    assertThat(guard.check(Route.CHECKSUM, "GET", "10.9.9.9", null, Map.of("token", TOKEN)))
        .isNull();
  }

  @Test
  void theClusterIdentityGoesOnlyToTheFeAskedAboutOnItsOwnHost() {
    Map<String, String> aboutFe2 = Map.of("host", "10.0.0.2", "port", "9010");
    assertThat(guard.check(Route.VERSION, "GET", "10.0.0.2", null, aboutFe2)).isNull();
    Reply other = guard.check(Route.VERSION, "GET", "10.0.0.1", null, aboutFe2);
    assertThat(other.status()).isEqualTo(403);
    assertThat(msg(other))
        .isEqualTo(
            "invalid client host 10.0.0.1: only FEs added with ALTER SYSTEM ADD FOLLOWER/OBSERVER"
                + " may read the cluster identity");
    assertThat(
            guard.check(
                Route.VERSION, "GET", "10.0.0.3", null, Map.of("host", "10.0.0.3", "port", "9010")))
        .isNotNull();
  }

  @Test
  void aNonMasterRefusesMasterOnlyRoutesButAnswersTheRest() {
    node.type("FOLLOWER");
    for (Route<?, ?> r : Route.ALL) {
      Reply reply =
          guard.check(
              r,
              r.method().name(),
              "10.0.0.2",
              TOKEN,
              Map.of("token", TOKEN, "host", "10.0.0.2", "port", "9010"));
      if (r.masterOnly()) {
        assertThat(reply.status()).as(r.toString()).isEqualTo(409);
        assertThat(msg(reply)).isEqualTo("this FE is not the master");
      } else {
        assertThat(reply).as(r.toString()).isNull();
      }
    }
  }

  @Test
  void aStrangerIsToldAboutTheTokenBeforeMastership() {
    node.type("FOLLOWER");
    assertThat(check(Route.HEARTBEAT, "POST", "10.0.0.9", TOKEN).status()).isEqualTo(403);
  }

  @Test
  void loopbackCallersAreTheMachineItself() {
    assertThat(RouteGuard.sameHost("127.0.0.3", "127.0.0.1")).isTrue();
    assertThat(RouteGuard.sameHost("10.0.0.3", "10.0.0.1")).isFalse();
  }
}
