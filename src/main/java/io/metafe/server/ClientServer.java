package io.metafe.server;

import io.metafe.config.ConfigKeys;
import io.metafe.config.FeConfig;
import io.metafe.edit.CatalogHolder;
import io.metafe.ha.RoleController;
import io.metafe.mysql.MysqlServer;
import io.metafe.mysql.MysqlServerConfig;
import io.metafe.mysql.PasswordStore;
import io.metafe.session.ClusterView;
import io.metafe.session.ConnectionRegistry;
import io.metafe.session.FeSessionFactory;
import io.metafe.session.ForwardedStatements;
import io.metafe.session.SessionServices;
import io.metafe.session.SystemVariables;
import io.metafe.sql.SqlParser;
import io.metafe.sql.eval.QueryEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * The last step of a start: the sessions (which also run the writes other FEs forward here) and the
 * MySQL server clients connect to.
 */
final class ClientServer {
  private ClientServer() {}

  /**
   * Starts the heartbeats and forwarding of {@code peers} with the sessions, then the MySQL server,
   * registered with {@code stops} before it listens.
   *
   * @param configRows SHOW FRONTEND CONFIG
   * @throws StartupException when query_port cannot be opened
   */
  static void start(
      NodeContext node,
      CatalogHolder catalog,
      RoleController roles,
      Peers peers,
      Supplier<List<List<String>>> configRows,
      ClusterView cluster,
      StopOrder stops) {
    FeConfig config = node.config();
    int queryPort = config.get(ConfigKeys.QUERY_PORT);
    SystemVariables variables =
        new SystemVariables(
            config.get(ConfigKeys.MYSQL_SERVER_VERSION),
            "MetaFE version " + FeServer.VERSION,
            queryPort,
            ZoneId.systemDefault().getId(),
            config.get(ConfigKeys.QUERY_TIMEOUT_SECOND));
    SessionServices services =
        new SessionServices(
            catalog,
            roles::editLog,
            Duration.ofSeconds(config.get(ConfigKeys.QUERY_TIMEOUT_SECOND)),
            new SqlParser(config.get(ConfigKeys.MYSQL_SERVER_VERSION)),
            new QueryEngine(),
            variables,
            cluster,
            configRows,
            new ConnectionRegistry(),
            peers,
            () -> config.get(ConfigKeys.MAX_TRANSACTION_BYTES),
            node.clock());
    peers.start(new ForwardedStatements(services));
    PasswordStore passwords = user -> "root".equals(user) ? new byte[0] : null;
    try {
      MysqlServer mysql =
          new MysqlServer(
              new MysqlServerConfig(
                  InetAddress.getByName(node.host()),
                  queryPort,
                  config.get(ConfigKeys.MYSQL_SERVER_VERSION),
                  config.get(ConfigKeys.QE_MAX_CONNECTION),
                  32 << 20,
                  Duration.ofSeconds(10)),
              passwords,
              new FeSessionFactory(services),
              node.clock());
      stops.started(StopOrder.Step.MYSQL, mysql::close);
      mysql.start();
    } catch (IOException e) {
      throw new StartupException(
          "query_port "
              + queryPort
              + " cannot be opened on "
              + node.host()
              + ": "
              + e.getMessage()
              + "; stop the process holding it or set another query_port in fe.conf",
          e);
    }
  }
}
