package io.metafe.server;

import io.metafe.config.ConfigException;
import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The FE process. Reads {@code conf/fe.conf} under the FE home ({@code -Dmetafe.home}), sets up
 * logging, starts the {@link FeServer} and waits for a shutdown signal. The only class that ends
 * the JVM: every refusal reaches here as an exception, is printed as one {@code MetaFE failed to
 * start:} line, and exits with status 1.
 */
@Command(
    name = "metafe",
    mixinStandardHelpOptions = true,
    version = "MetaFE " + FeServer.VERSION,
    description = "Starts one MetaFE frontend. Normally run through bin/start_fe.sh.")
public final class Main implements Callable<Integer> {
  @Option(
      names = {"--helper", "-helper"},
      description = "host:edit_log_port of a running FE to join through")
  private String helper;

  @Option(
      names = {"--host_type", "-host_type"},
      description = "IP or FQDN",
      defaultValue = "IP")
  private String hostType;

  @Option(
      names = "--metadata_failure_recovery",
      description = "reset the bdbje group once so that this FE starts alone as MASTER")
  private boolean metadataFailureRecovery;

  @Option(
      names = "--force_recovery",
      description = "with metadata failure recovery: reset even if another FE answers as master")
  private boolean forceRecovery;

  @Option(
      names = "--no_recovery_backup",
      description = "with metadata failure recovery: do not copy meta_dir aside before the reset")
  private boolean noRecoveryBackup;

  public static void main(String[] args) {
    // The JDK's HTTP server leaves Nagle's algorithm on, so a response's body waits for the peer's
    // delayed ACK of its headers: about 40 ms per peer request (forwarded writes measured 44 ms at
    // the median). Read once, when the server classes load, so it is set before anything else runs.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    Path home =
        Path.of(System.getProperty("metafe.home", System.getenv().getOrDefault("FE_HOME", ".")))
            .toAbsolutePath()
            .normalize();
    FeConfig config;
    try {
      config = FeConfig.load(home.resolve("conf/fe.conf"), name -> variable(home, name));
      Path logDir = Path.of(config.get(ConfigKeys.SYS_LOG_DIR));
      Files.createDirectories(logDir);
      System.setProperty("metafe.log.dir", logDir.toString());
      String level = config.get(ConfigKeys.SYS_LOG_LEVEL);
      System.setProperty("metafe.log.level", level.equals("FATAL") ? "ERROR" : level);
      System.setProperty(
          "metafe.log.rollnum", Integer.toString(config.get(ConfigKeys.SYS_LOG_ROLL_NUM)));
    } catch (ConfigException e) {
      System.err.println("MetaFE failed to start: " + e.getMessage());
      return 1;
    } catch (java.io.IOException e) {
      System.err.println("MetaFE failed to start: cannot create sys_log_dir: " + e.getMessage());
      return 1;
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Logger log = LoggerFactory.getLogger(Main.class);
    log.info("MetaFE {} starting from {}", FeServer.VERSION, home);
    config.warnings().forEach(log::warn);

    AtomicInteger status = new AtomicInteger();
    CountDownLatch failed = new CountDownLatch(1);
    FeServer server =
        new FeServer(
            config,
            new StartOptions(
                helper, hostType, metadataFailureRecovery, forceRecovery, !noRecoveryBackup),
            reason -> {
              status.compareAndSet(0, 1);
              log.error("FE must stop: {}", reason);
              failed.countDown();
            },
            Clock.system());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutdown requested; stopping this FE");
                  server.close();
                  log.info("FE stopped");
                  // A JVM ended by SIGTERM reports 143 however cleanly it stopped; a graceful stop
                  // is a success.
                  Runtime.getRuntime().halt(status.get());
                },
                "shutdown"));
    FeServices running;
    try {
      running = server.start();
    } catch (StartupException e) {
      status.set(1);
      log.error("MetaFE failed to start: {}", e.getMessage(), e.getCause());
      System.err.println("MetaFE failed to start: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      status.set(1);
      log.error("MetaFE failed to start", e);
      System.err.println("MetaFE failed to start: " + e + "; see fe.log for the stack trace");
      return 1;
    }
    String waiting = running.waitingFor();
    String line =
        waiting == null
            ? "MetaFE started: " + running.summary()
            : "MetaFE waiting: "
                + running.summary()
                + "; it serves reads (SHOW FRONTENDS works) and is "
                + waiting;
    log.info("{}", line);
    System.out.println(line);
    System.out.flush();
    try {
      failed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A fatal fault: exit 1 through the shutdown hook, which stops the FE in order.
    return 1;
  }

  private static String variable(Path home, String name) {
    if (name.equals("FE_HOME") || name.equals("STARROCKS_HOME")) {
      return home.toString();
    }
    return System.getenv(name);
  }
}
