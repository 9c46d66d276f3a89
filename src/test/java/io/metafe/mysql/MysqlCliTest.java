package io.metafe.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.metafe.time.Clock;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The mysql command-line client (Debian's mariadb-client), when installed. */
class MysqlCliTest {

  private static String findMysql() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(dir, "mysql");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("mysql CLI finished").isTrue();
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void selectOneThroughTheCli() throws Exception {
    String mysql = findMysql();
    assumeTrue(mysql != null, "mysql CLI not installed");
    try (MysqlServer server =
        new MysqlServer(
            TestSupport.config(),
            TestSupport.PASSWORDS,
            new TestSupport.Factory(),
            Clock.system())) {
      server.start();
      String port = Integer.toString(server.port());
      String out =
          run(
              List.of(
                  mysql, "--no-defaults", "-h127.0.0.1", "-P" + port, "-uroot", "-e", "select 1"));
      assertThat(out).isEqualTo("1\n1\n");
      String withPassword =
          run(
              List.of(
                  mysql,
                  "--no-defaults",
                  "-h127.0.0.1",
                  "-P" + port,
                  "-ualice",
                  "-p" + TestSupport.PASSWORD,
                  "-D",
                  "shop",
                  "-e",
                  "select database()"));
      assertThat(withPassword).isEqualTo("database()\nshop\n");
      String denied =
          run(
              List.of(
                  mysql,
                  "--no-defaults",
                  "-h127.0.0.1",
                  "-P" + port,
                  "-ualice",
                  "-pwrong",
                  "-e",
                  "select 1"));
      assertThat(denied).contains("1045").contains("Access denied for user 'alice'");
    }
  }
}
