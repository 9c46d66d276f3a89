package io.metafe.bench;

import io.metafe.catalog.Catalog;
import io.metafe.image.ImageReader;
import io.metafe.journal.Journal;
import io.metafe.time.Clock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FE startup as the server does it: read the image, then replay the journal after it. Run in a
 * fresh JVM, because a restarting FE has no JIT-compiled code, and a JVM that has just built,
 * checkpointed and read the same catalog would replay faster than any real startup.
 */
final class StartupProbe {
  private static final String RESULT = "startup-result ";

  private StartupProbe() {}

  /**
   * Seconds spent reading the image and replaying the tail; {@code catalog} is null when measured
   * elsewhere.
   */
  record Timing(double load, double replay, Catalog catalog) {
    double total() {
      return load + replay;
    }
  }

  /** Times startup in this JVM. */
  static Timing measure(Journal journal, Path image) {
    long s0 = System.nanoTime();
    Catalog c = ImageReader.read(image).catalog();
    long r0 = System.nanoTime();
    c = replay(journal, c);
    long end = System.nanoTime();
    return new Timing((r0 - s0) / 1e9, (end - r0) / 1e9, c);
  }

  /** The FE's own startup replay (read and decode one batch ahead of applying). */
  static Catalog replay(Journal journal, Catalog c) {
    return io.metafe.edit.JournalReplay.replay(journal, c, journal.lastId(), Clock.system());
  }

  /**
   * Times startup in a new JVM with this one's options, on the closed environment at {@code
   * envHome}.
   *
   * @param expectedObjects the child fails unless startup ends with this many objects
   */
  static Timing measureInFreshJvm(Path envHome, int port, Path image, long expectedObjects)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            StartupProbe.class.getName(),
            envHome.toString(),
            Integer.toString(port),
            image.toString(),
            Long.toString(expectedObjects)));
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(RESULT)) {
          result = line.substring(RESULT.length());
        }
      }
    }
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException("the startup probe did not finish within 5 minutes");
    }
    if (child.exitValue() != 0 || result == null) {
      throw new IllegalStateException(
          "the startup probe failed with exit code " + child.exitValue());
    }
    String[] f = result.split(" ");
    return new Timing(Double.parseDouble(f[0]), Double.parseDouble(f[1]), null);
  }

  public static void main(String[] args) throws Exception {
    Path envHome = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    long expectedObjects = Long.parseLong(args[3]);
    try (BenchJournal j = BenchJournal.open(envHome, port)) {
      Timing t = measure(j.journal, Path.of(args[2]));
      long objects = ImageBenchmark.objects(t.catalog());
      if (t.catalog().journalId() != j.journal.lastId() || objects != expectedObjects) {
        throw new IllegalStateException(
            "startup ended at journal id "
                + t.catalog().journalId()
                + " with "
                + objects
                + " objects; expected "
                + j.journal.lastId()
                + " and "
                + expectedObjects);
      }
      System.out.println(RESULT + t.load() + " " + t.replay());
    }
  }
}
