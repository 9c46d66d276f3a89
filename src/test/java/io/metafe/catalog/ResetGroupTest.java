package io.metafe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendRole;
import io.metafe.records.ResetGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a recovery records: the recovered master votes; every other FE belongs to the old group. */
class ResetGroupTest {
  private final Catalog before =
      Catalog.empty()
          .apply(1, new AddFrontend("a", FrontendRole.FOLLOWER, "127.0.0.1", 9010, 8030))
          .apply(2, new AddFrontend("b", FrontendRole.FOLLOWER, "127.0.0.2", 9010, 8030))
          .apply(3, new AddFrontend("o", FrontendRole.OBSERVER, "127.0.0.3", 9010, 8030));

  @Test
  void anObserverThatRecoveredBecomesAFollowerAndTheOthersStale() {
    Catalog after = before.apply(4, new ResetGroup("o", 1L));
    assertThat(after.frontend("o").get().role()).isEqualTo(FrontendRole.FOLLOWER);
    assertThat(after.frontend("o").get().stale()).isFalse();
    assertThat(after.frontends().filter(Frontend::stale).map(Frontend::name))
        .containsExactly("a", "b");
    assertThat(after.frontend("a").get().role()).isEqualTo(FrontendRole.FOLLOWER);
  }

  @Test
  void aMasterOutsideTheListCannotBeRecorded() {
    assertThatThrownBy(() -> before.apply(4, new ResetGroup("nobody", 1L)))
        .isInstanceOf(ReplayException.class);
  }

  @Test
  void aReAddedFeIsNotStale() {
    Catalog after =
        before
            .apply(4, new ResetGroup("a", 1L))
            .apply(5, new io.metafe.records.RemoveFrontend("b"))
            .apply(6, new AddFrontend("b2", FrontendRole.FOLLOWER, "127.0.0.2", 9010, 8030));
    assertThat(after.frontend("b2").get().stale()).isFalse();
  }

  @Test
  void reportedPortsAreRecordedAndKeptThroughAReset() {
    Catalog after =
        before
            .apply(4, new io.metafe.records.FrontendPorts("b", 8031, 9031, 9021))
            .apply(5, new ResetGroup("a", 1L));
    Frontend b = after.frontend("b").get();
    assertThat(List.of(b.httpPort(), b.queryPort(), b.rpcPort())).containsExactly(8031, 9031, 9021);
    assertThat(b.stale()).isTrue();
    assertThat(b.portsDiffer(8031, 9031, 9021)).isFalse();
    assertThat(b.portsDiffer(0, 9032, 0)).isTrue();
    assertThatThrownBy(
            () -> before.apply(4, new io.metafe.records.FrontendPorts("nobody", 1, 2, 3)))
        .isInstanceOf(ReplayException.class);
  }
}
