package io.metafe.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bad config, bad meta_dir, taken ports and bad packets: one clear line each, and nothing stored is
 * lost.
 */
class FaultsIT {

  @Test
  void aTakenEditLogPortOrQueryPortRefusesTheStartNamingThePort() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of());
        ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", fe.editLogPort()));
      FeProcess.Result r = fe.start();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains(
              "MetaFE failed to start: edit_log_port "
                  + fe.editLogPort()
                  + " is already in use on 127.0.0.1");
      assertThat(fe.isAlive()).isFalse();
    }
    try (FeProcess fe = FeProcess.create(Map.of());
        ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", fe.queryPort()));
      FeProcess.Result r = fe.start();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output()).contains("query_port " + fe.queryPort() + " is already in use");
    }
  }

  @Test
  void anInvalidValueRefusesAndAnUnknownKeyOnlyWarns() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of("replica_ack_policy", "MOST"))) {
      FeProcess.Result r = fe.start();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains("MetaFE failed to start: invalid value 'MOST' for replica_ack_policy")
          .contains("must be one of ALL, NONE, SIMPLE_MAJORITY");
    }
    try (FeProcess fe = FeProcess.create(Map.of("edit_log_rol_num", "10"))) {
      fe.startOrFail();
      assertThat(fe.warnLog()).contains("unknown config key 'edit_log_rol_num'");
    }
  }

  @Test
  void recoveryWithNoMetadataToRecoverFromIsRefusedAndCreatesNothing() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of())) {
      FeProcess.Result r = fe.start("--metadata_failure_recovery");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains("MetaFE failed to start: metadata failure recovery was asked for, but meta_dir")
          .contains("holds no metadata to recover from");
      assertThat(fe.metaDir().resolve("image/VERSION")).doesNotExist();
      fe.configure(Map.of("bdbje_reset_election_group", "true"));
      assertThat(fe.start().output()).contains("holds no metadata to recover from");
    }
  }

  @Test
  void aPartialMetaDirIsRefusedAndNothingIsDeleted() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of())) {
      fe.startOrFail();
      try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE precious");
      }
      assertThat(fe.stop().exitCode()).isZero();
      Path role = fe.metaDir().resolve("image/ROLE");
      Path saved = fe.metaDir().resolveSibling("ROLE.saved");
      Files.move(role, saved);
      FeProcess.Result r = fe.start();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains("image/ROLE is missing but")
          .contains("must both exist or both be absent");
      assertThat(fe.metaDir().resolve("image/VERSION")).exists();
      try (Stream<Path> bdb = Files.list(fe.metaDir().resolve("bdb"))) {
        assertThat(bdb.anyMatch(p -> p.toString().endsWith(".jdb"))).isTrue();
      }

      Files.move(saved, role);
      fe.startOrFail();
      try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW DATABASES LIKE 'precious'")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void aMetaDirOfAnotherClusterOrAnotherAddressIsRefused() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of())) {
      fe.startOrFail();
      String clusterId = fe.versionFile().getProperty("clusterId");
      assertThat(fe.stop().exitCode()).isZero();
      fe.configure(Map.of("cluster_id", "12345"));
      FeProcess.Result r = fe.start();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains("belongs to cluster " + clusterId + " but cluster_id in fe.conf is 12345");

      fe.configure(Map.of("cluster_id", clusterId));
      fe.configure(Map.of("priority_networks", "127.0.0.2/32"));
      r = fe.start();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains(
              "belongs to another FE",
              "but this FE is 127.0.0.2:" + fe.editLogPort(),
              "restore its old address");
    }
  }

  @Test
  void aGarbledVersionFileIsRefusedWithTheFileName() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of())) {
      fe.startOrFail();
      assertThat(fe.stop().exitCode()).isZero();
      Files.writeString(fe.metaDir().resolve("image/VERSION"), "clusterId=\u0000garbage\n");
      FeProcess.Result r = fe.start();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output()).contains("image/VERSION has clusterId");
    }
  }

  @Test
  void malformedAndOversizedPacketsCloseOnlyTheirConnection() throws Exception {
    try (FeProcess fe = FeProcess.create(Map.of())) {
      fe.startOrFail();
      try (Connection good = DriverManager.getConnection(fe.jdbcUrl());
          Statement s = good.createStatement()) {
        // Garbage instead of a handshake response.
        assertThat(
                sendAndReadUntilClosed(
                    fe.queryPort(), "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
            .isTrue();
        // A header announcing a 16 MiB payload, repeated past max_allowed_packet, without the
        // bytes.
        byte[] huge = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        assertThat(sendAndReadUntilClosed(fe.queryPort(), huge)).isTrue();
        try (ResultSet rs = s.executeQuery("SELECT 42")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(42);
        }
      }
      assertThat(fe.isAlive()).isTrue();
      assertThat(fe.mysqlCli("SELECT 7").stdout()).isEqualTo("7\n7\n");
    }
  }

  /**
   * Reads the greeting, sends the bytes, and reports whether the FE closed the connection within 15
   * s.
   */
  private static boolean sendAndReadUntilClosed(int port, byte[] bytes) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      InputStream in = socket.getInputStream();
      DataInputStream data = new DataInputStream(in);
      byte[] header = new byte[4];
      data.readFully(header);
      int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
      data.readFully(new byte[length]);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      while (in.read() != -1) {
        // drain the error packet, if any, until the FE closes
      }
      return true;
    }
  }
}
