package io.metafe.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.peer.PeerClient;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendRole;
import io.metafe.records.ResetGroup;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * What an FE without a master says it waits for, against ports where nothing or something answers.
 */
class QuorumWaitTest {
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void namesTheMajorityAndEveryOtherFollowerThatDoesNotAnswer() throws Exception {
    int a = closedPort();
    int b = closedPort();
    Catalog c =
        Catalog.empty()
            .apply(
                1,
                new AddFrontend(
                    "self_9010_1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, closedPort()))
            .apply(2, new AddFrontend("a_9011_1", FrontendRole.FOLLOWER, "127.0.0.1", 9011, a))
            .apply(3, new AddFrontend("b_9012_1", FrontendRole.FOLLOWER, "127.0.0.1", 9012, b))
            .apply(
                4,
                new AddFrontend(
                    "o_9013_1", FrontendRole.OBSERVER, "127.0.0.1", 9013, closedPort()));
    String text = QuorumWait.describe(c, "self_9010_1", 8030, new PeerClient(() -> ""));
    assertThat(text)
        .contains(
            "a master needs 2 of the 3 FOLLOWERs and 1 run",
            "a_9011_1 at 127.0.0.1:9011 (not answering)",
            "b_9012_1 at 127.0.0.1:9012 (not answering)")
        .doesNotContain("o_9013_1");
  }

  @Test
  void followersOfTheOldGroupDoNotCount() {
    Catalog c =
        Catalog.empty()
            .apply(1, new AddFrontend("self_9010_1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, 1))
            .apply(2, new AddFrontend("a_9011_1", FrontendRole.FOLLOWER, "127.0.0.1", 9011, 1))
            .apply(3, new ResetGroup("self_9010_1", 1L));
    assertThat(QuorumWait.describe(c, "self_9010_1", 8030, new PeerClient(() -> "")))
        .contains("a master needs 1 of the 1 FOLLOWERs and 1 run");
  }
}
