package io.metafe.tool;

import io.metafe.time.Clock;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of {@code bin/meta_tool.sh}. Every subcommand reads only: meta_dirs are opened
 * read-only and a bdb/ that a running FE holds is refused. Failures end as one {@code meta_tool:}
 * line on stderr and a non-zero exit status.
 */
@Command(
    name = "meta_tool.sh",
    mixinStandardHelpOptions = true,
    version = "MetaFE meta_tool",
    description =
        "Offline, read-only inspection of MetaFE meta_dirs: never starts a node, never writes to a"
            + " meta_dir. Stop the FE first (a bdb/ in use by a running FE is refused), or work on a copy.",
    subcommands = {
      InspectCommand.class,
      DumpJournalCommand.class,
      DumpImageCommand.class,
      VerifyCommand.class
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  done; everything verified",
      "  1  a check failed or a file cannot be read",
      "  2  wrong usage",
      "  3  a meta_dir is in use by a running FE"
    })
public final class MetaTool implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a subcommand: inspect, dump-journal, dump-image or" + " verify");
  }

  public static void main(String[] args) {
    // The FE's logback.xml, on the same classpath, would create log/fe.log wherever the tool runs;
    // the tool reports on stdout and stderr itself, so MetaFE's logging is switched off.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = execute(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command line with the given streams; returns the exit status. For main and for tests.
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new MetaTool(), new Factory(Clock.system()));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getOut().flush();
          if (e instanceof ToolException t) {
            cmd.getErr().println("meta_tool: " + t.getMessage());
            return t.exitCode();
          }
          cmd.getErr().println("meta_tool: " + cmd.getCommandName() + " failed: " + e);
          return 1;
        });
    return cl.execute(args);
  }

  /**
   * Builds the subcommands: the tool is a process of its own, and this hands its one clock to those
   * that need one.
   */
  private record Factory(Clock clock) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == VerifyCommand.class) {
        return cls.cast(new VerifyCommand(clock));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
