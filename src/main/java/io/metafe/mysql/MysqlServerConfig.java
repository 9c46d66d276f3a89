package io.metafe.mysql;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link MysqlServer}. Immutable and thread-safe.
 *
 * @param bindAddress address to listen on; null means all interfaces
 * @param port TCP port; 0 picks an ephemeral port (see {@link MysqlServer#port()})
 * @param serverVersion version string shown to clients, e.g. {@code 8.0.33}; drivers parse it, so
 *     keep it MySQL-like
 * @param maxConnections connections (including those still authenticating) above which new ones get
 *     ERR 1040
 * @param maxPacketBytes largest client payload accepted, after reassembling split packets
 * @param handshakeTimeout how long a new connection may take to authenticate
 */
public record MysqlServerConfig(
    InetAddress bindAddress,
    int port,
    String serverVersion,
    int maxConnections,
    int maxPacketBytes,
    Duration handshakeTimeout) {

  public MysqlServerConfig {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(serverVersion, "serverVersion");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    if (maxPacketBytes < 1024) {
      throw new IllegalArgumentException("maxPacketBytes must be at least 1024: " + maxPacketBytes);
    }
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
    }
  }
}
