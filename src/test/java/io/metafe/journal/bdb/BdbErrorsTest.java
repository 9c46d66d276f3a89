package io.metafe.journal.bdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BdbErrorsTest {
  @Test
  void aRethrownMessageIsReducedToBdbjesOwnWordsOnOneLine() {
    String message =
        "java.lang.Exception: Stacktrace where exception below was rethrown (x.EnvironmentFailure)\n"
            + "\tat com.sleepycat.je.DatabaseException.addRethrownStackTrace(DatabaseException.java:139)\n"
            + "\t... 7 more\n"
            + "(JE 18.3.20) n(3):/m/bdb  Feeder: m(1). Node: n(3) is no longer a member of the group. It was"
            + " explicitly removed. HANDSHAKE_ERROR: Error during the handshake\n\tat x.y(Z.java:1)";
    String line =
        BdbErrors.describe(new RuntimeException(message, new IllegalStateException((String) null)));
    assertThat(line)
        .startsWith("n(3):/m/bdb  Feeder")
        .contains("is no longer a member of the group")
        .doesNotContain("\n")
        .doesNotContain("Stacktrace")
        .doesNotContain("(JE ");
  }

  @Test
  void anExceptionWithoutWordsIsNamedByItsSimpleName() {
    assertThat(BdbErrors.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
  }
}
