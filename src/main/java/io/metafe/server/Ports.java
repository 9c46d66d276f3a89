package io.metafe.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks, before anything is opened, that this FE's ports are free, so that a clash is reported by
 * name.
 */
final class Ports {
  private Ports() {}

  static void requireFree(String key, String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new StartupException(
          key
              + " "
              + port
              + " is already in use on "
              + host
              + " ("
              + e.getMessage()
              + "); stop the process holding it (ss -ltnp | grep :"
              + port
              + ") or set another "
              + key
              + " in fe.conf");
    }
  }
}
