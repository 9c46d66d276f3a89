package io.metafe.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Removing a member bdbje refuses to remove while it runs: the retries, 2 s apart on a {@link
 * ManualClock}, run through in microseconds.
 */
class GroupMembershipTest {
  private final ManualClock clock = new ManualClock();
  private final AtomicBoolean closing = new AtomicBoolean();

  /** Refuses the first {@code refusals} removals and records the clock at every attempt. */
  private static final class Group implements GroupMembership.Group {
    final List<Duration> attempts = new CopyOnWriteArrayList<>();
    private final ManualClock clock;
    private final int refusals;
    private final Runnable onAttempt;

    Group(ManualClock clock, int refusals, Runnable onAttempt) {
      this.clock = clock;
      this.refusals = refusals;
      this.onAttempt = onAttempt;
    }

    @Override
    public Set<String> electableMemberNames() {
      return Set.of();
    }

    @Override
    public void removeMember(String nodeName) {
      attempts.add(Duration.ofNanos(clock.nanos()));
      onAttempt.run();
      if (attempts.size() <= refusals) {
        throw new IllegalStateException(nodeName + " is still running");
      }
    }
  }

  private GroupMembership membership(Group group) {
    return new GroupMembership(
        group, new CatalogHolder(Catalog.empty(), clock), "self", closing::get, clock);
  }

  @Test
  void aRefusedRemovalIsRetriedEveryTwoSecondsUntilItSucceeds() {
    Group group = new Group(clock, 3, () -> {});
    membership(group).remove("stray");
    assertThat(group.attempts)
        .containsExactly(
            Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6));
    assertThat(clock.nanos()).isEqualTo(Duration.ofSeconds(6).toNanos());
  }

  @Test
  void afterThirtyRefusalsItGivesUpWithoutAFurtherPause() {
    Group group = new Group(clock, Integer.MAX_VALUE, () -> {});
    membership(group).remove("stray");
    assertThat(group.attempts).hasSize(30).last().isEqualTo(Duration.ofSeconds(58));
    assertThat(clock.nanos()).isEqualTo(Duration.ofSeconds(58).toNanos());
  }

  @Test
  void aClosingFeStopsRetrying() {
    Group group = new Group(clock, Integer.MAX_VALUE, () -> closing.set(true));
    membership(group).remove("stray");
    assertThat(group.attempts).containsExactly(Duration.ZERO);
  }
}
