package io.metafe.tool;

import static io.metafe.tool.MetaDirFixture.history;
import static org.assertj.core.api.Assertions.assertThat;

import io.metafe.journal.bdb.BdbEnvironment;
import io.metafe.records.FrontendRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bdb/ that a running FE holds is refused in one line, whether the FE runs in another process
 * (the real case: JE itself would let a read-only handle in) or in this one.
 */
class LockedMetaDirTest {
  private static final String FIX = "stop the FE first, or copy the meta_dir and inspect the copy";

  @TempDir Path tmp;

  /**
   * Runs the tool in a JVM of its own, from an empty working directory, as bin/meta_tool.sh does.
   */
  private MetaDirFixture.Run runInProcessOfItsOwn(Path cwd, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MetaTool.class.getName()));
    command.addAll(List.of(args));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("meta_tool did not finish within 60 s");
    }
    return new MetaDirFixture.Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void refusesAMetaDirInUseByARunningFeAndChangesNothing() throws Exception {
    MetaDirFixture.Fe running =
        MetaDirFixture.create(tmp.resolve("running"), FrontendRole.FOLLOWER)
            .journal(history(12, 0), 10);
    MetaDirFixture.Fe stopped =
        MetaDirFixture.create(tmp.resolve("stopped"), FrontendRole.FOLLOWER)
            .journal(history(12, 0), 10);
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    BdbEnvironment env = running.openEnvironment();
    try {
      // The running FE may write into its own bdb/ at any time; its image/ and the stopped meta_dir
      // may not change.
      Map<String, String> before =
          MetaDirFixture.fingerprint(running.metaDir().imageDir(), stopped.root());

      MetaDirFixture.Run other =
          runInProcessOfItsOwn(
              cwd, "inspect", stopped.root().toString(), running.root().toString());
      assertThat(other.code()).as(other.err()).isEqualTo(3);
      assertThat(other.out()).isEmpty();
      assertThat(other.err().lines())
          .singleElement()
          .asString()
          .isEqualTo(
              "meta_tool: meta_dir "
                  + running.root()
                  + ": "
                  + running.root().resolve("bdb")
                  + " is locked by a running FE (je.lck is held); "
                  + FIX);

      for (String command : List.of("inspect", "dump-journal", "verify")) {
        MetaDirFixture.Run same = MetaDirFixture.run(command, running.root().toString());
        assertThat(same.code()).as(command).isEqualTo(3);
        assertThat(same.out()).isEmpty();
        assertThat(same.err().lines())
            .singleElement()
            .asString()
            .startsWith("meta_tool: meta_dir " + running.root())
            .endsWith(FIX);
      }
      assertThat(MetaDirFixture.fingerprint(running.metaDir().imageDir(), stopped.root()))
          .isEqualTo(before);
    } finally {
      env.close();
    }

    // Stopped, the same meta_dir is read; the tool leaves no log files behind in its working
    // directory.
    MetaDirFixture.Run after = runInProcessOfItsOwn(cwd, "inspect", running.root().toString());
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.out()).contains("recommendation: recover from " + running.root());
    assertThat(after.err()).isEmpty();
    try (var files = Files.list(cwd)) {
      assertThat(files.toList()).isEmpty();
    }
  }
}
