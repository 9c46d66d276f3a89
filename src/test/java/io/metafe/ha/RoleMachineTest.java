package io.metafe.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.journal.NodeState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs the scenarios in {@code roles.scenarios}: bdbje's states in, roles and actions out. */
class RoleMachineTest {

  /**
   * One expected step: bdbje says {@code event}; the FE ends in {@code role} after {@code actions}.
   */
  private record Step(
      int line, NodeState event, RoleMachine.Role role, List<RoleMachine.Action> actions) {
    RoleMachine.Transition apply(RoleMachine machine, RoleMachine.Role from) {
      return machine.next(from, event);
    }
  }

  private record Scenario(String name, boolean electable, List<Step> steps) {}

  @TestFactory
  Stream<DynamicTest> everyScenarioStepByStep() throws IOException {
    return scenarios().stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.name(),
                    () -> {
                      RoleMachine machine = new RoleMachine(s.electable());
                      RoleMachine.Role role = RoleMachine.Role.INIT;
                      for (Step step : s.steps()) {
                        RoleMachine.Transition t = step.apply(machine, role);
                        String where = "roles.scenarios line " + step.line();
                        assertThat(t.to()).as(where).isEqualTo(step.role());
                        assertThat(t.actions()).as(where).isEqualTo(step.actions());
                        assertThat(t.from()).as(where).isEqualTo(role);
                        role = t.to();
                      }
                    }));
  }

  @Test
  void theScenariosSendEveryStateToEveryRole() throws IOException {
    Set<String> seen = new java.util.HashSet<>();
    for (Scenario s : scenarios()) {
      RoleMachine machine = new RoleMachine(s.electable());
      RoleMachine.Role role = RoleMachine.Role.INIT;
      for (Step step : s.steps()) {
        if (!role.stopping()) {
          seen.add(role.type() + " " + step.event());
        }
        role = step.apply(machine, role).to();
      }
    }
    for (FeType type : EnumSet.allOf(FeType.class)) {
      for (NodeState state : EnumSet.of(NodeState.MASTER, NodeState.REPLICA, NodeState.UNKNOWN)) {
        if (type != FeType.INIT || state == NodeState.UNKNOWN) {
          assertThat(seen)
              .as("a scenario sends " + state + " to an FE in " + type)
              .contains(type + " " + state);
        }
      }
    }
  }

  @Test
  void aMasterStopsWritingBeforeAnythingElseWhateverBdbjeSaysNext() {
    RoleMachine machine = new RoleMachine(true);
    RoleMachine.Role master = new RoleMachine.Role(FeType.MASTER, false, false);
    for (NodeState state : NodeState.values()) {
      RoleMachine.Transition t = machine.next(master, state);
      if (state == NodeState.MASTER) {
        assertThat(t.changed()).isFalse();
      } else {
        assertThat(t.to().type()).as(state.name()).isNotEqualTo(FeType.MASTER);
        assertThat(t.actions()).as(state.name()).first().isEqualTo(RoleMachine.Action.STOP_WRITING);
        assertThat(t.why()).as(state.name()).isNotBlank();
      }
    }
  }

  private static List<Scenario> scenarios() throws IOException {
    List<Scenario> result = new ArrayList<>();
    String text;
    try (InputStream in = RoleMachineTest.class.getResourceAsStream("roles.scenarios")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String name = null;
    Boolean electable = null;
    List<Step> steps = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.startsWith("scenario:")) {
        if (name != null) {
          result.add(new Scenario(name, electable, List.copyOf(steps)));
        }
        name = line.substring("scenario:".length()).strip();
        electable = null;
        steps.clear();
      } else if (line.startsWith("fe:")) {
        electable = line.substring(3).strip().equals("FOLLOWER");
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        steps.add(step(n + 1, line));
      }
    }
    result.add(new Scenario(name, electable, List.copyOf(steps)));
    assertThat(result)
        .allSatisfy(s -> assertThat(s.electable()).as(s.name() + " names its fe:").isNotNull());
    return result;
  }

  /** {@code EVENT -> TYPE [replaying] [stopping] : ACTION...} */
  private static Step step(int line, String text) {
    String[] sides = text.split(":", -1);
    String[] left = sides[0].strip().split("\\s+");
    assertThat(left.length).as("line " + line).isBetween(3, 5);
    assertThat(left[1]).as("line " + line).isEqualTo("->");
    List<String> flags = Arrays.asList(left).subList(3, left.length);
    RoleMachine.Role role =
        new RoleMachine.Role(
            FeType.valueOf(left[2]), flags.contains("replaying"), flags.contains("stopping"));
    List<RoleMachine.Action> actions =
        sides[1].isBlank()
            ? List.of()
            : Arrays.stream(sides[1].strip().split("\\s+"))
                .map(RoleMachine.Action::valueOf)
                .toList();
    return new Step(line, NodeState.valueOf(left[0]), role, actions);
  }
}
