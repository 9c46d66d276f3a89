package io.metafe.session;

import io.metafe.catalog.Frontend;
import io.metafe.edit.Change;
import io.metafe.metadir.NodeIdentity;
import io.metafe.mysql.Response;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendRole;
import io.metafe.records.RemoveFrontend;
import io.metafe.sql.SqlError;
import io.metafe.sql.SqlException;
import io.metafe.sql.ast.Statement;

/**
 * {@code ALTER SYSTEM ADD|DROP FOLLOWER|OBSERVER "host:edit_log_port"} as changes to the frontend
 * list. The new FE's node name is made here, on the master, and travels in the record, as the
 * joining FE learns it from its helper.
 */
final class Membership {
  private Membership() {}

  record Address(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  static Address parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = colon > 0 ? hostPort.substring(0, colon).strip() : "";
    int port = -1;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1).strip());
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // reported below
    }
    if (host.isEmpty() || port < 1 || port > 65535 || !host.matches("[A-Za-z0-9.-]+")) {
      throw SqlException.of(
          SqlError.UNKNOWN,
          "Invalid host port format: '"
              + hostPort
              + "'; write \"host:edit_log_port\", e.g. \"10.0.0.2:9010\"");
    }
    return new Address(host, port);
  }

  /**
   * The address with its host resolved to the IP address the FE will call from and name itself by,
   * so that a host name and an IP of the same FE are one FE.
   */
  static Address resolve(Address at) {
    try {
      return new Address(java.net.InetAddress.getByName(at.host()).getHostAddress(), at.port());
    } catch (java.net.UnknownHostException e) {
      throw SqlException.of(
          SqlError.UNKNOWN,
          "Unknown host '"
              + at.host()
              + "': it does not resolve from this FE;"
              + " give the new FE's IP address, or a host name that resolves here");
    }
  }

  static Change<Response> add(FrontendRole role, Address at, long nowMillis) {
    String name = NodeIdentity.newName(at.host(), at.port(), nowMillis);
    return catalog -> {
      Frontend existing = catalog.frontendAt(at.host(), at.port()).getOrNull();
      if (existing != null) {
        throw SqlException.of(
            SqlError.UNKNOWN,
            "frontend already exists "
                + at
                + " (as "
                + existing.role()
                + " "
                + existing.name()
                + "); drop it first to change its role");
      }
      if (catalog.frontend(name).isDefined()) {
        throw SqlException.of(
            SqlError.UNKNOWN, "frontend name already exists " + name + ". Try again");
      }
      return Change.Proposal.of(
          Statements.OK, new AddFrontend(name, role, at.host(), at.port(), 0));
    };
  }

  /**
   * Returns the dropped FE's node name through the result, for the bdbje group removal that
   * follows.
   */
  static Change<Frontend> drop(FrontendRole role, Address at, String masterName) {
    return catalog -> {
      Frontend fe = catalog.frontendAt(at.host(), at.port()).getOrNull();
      if (fe == null) {
        throw SqlException.of(
            SqlError.UNKNOWN, "frontend does not exist[" + at + "]; see SHOW FRONTENDS");
      }
      if (fe.role() != role) {
        throw SqlException.of(
            SqlError.UNKNOWN,
            role
                + " does not exist["
                + at
                + "]: it is a "
                + fe.role()
                + "; use ALTER SYSTEM DROP "
                + fe.role());
      }
      if (fe.name().equals(masterName)) {
        throw SqlException.of(
            SqlError.UNKNOWN,
            "can not drop current master node. Stop it so that another"
                + " FOLLOWER becomes master, then drop it there");
      }
      return Change.Proposal.of(fe, new RemoveFrontend(fe.name()));
    };
  }

  static FrontendRole role(Statement.AlterSystem.Action action) {
    return switch (action) {
      case ADD_FOLLOWER, DROP_FOLLOWER -> FrontendRole.FOLLOWER;
      case ADD_OBSERVER, DROP_OBSERVER -> FrontendRole.OBSERVER;
    };
  }
}
