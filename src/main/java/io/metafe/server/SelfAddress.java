package io.metafe.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses this FE's IPv4 address: {@code frontend_address} if set, else the first local address
 * inside {@code priority_networks}, else the first non-loopback address, else 127.0.0.1. An exact
 * loopback address such as {@code 127.0.0.2/32} is taken as it is, because Linux answers on all of
 * 127.0.0.0/8 without listing them.
 */
final class SelfAddress {
  private SelfAddress() {}

  static String choose(String frontendAddress, String priorityNetworks) {
    if (!"0.0.0.0".equals(frontendAddress)) {
      return frontendAddress;
    }
    List<InetAddress> local = localIpv4();
    if (!priorityNetworks.isBlank()) {
      for (String cidr : priorityNetworks.split(";")) {
        String c = cidr.strip();
        for (InetAddress a : local) {
          if (inCidr(a, c)) {
            return a.getHostAddress();
          }
        }
        String exact =
            c.endsWith("/32") ? c.substring(0, c.length() - 3) : (c.contains("/") ? null : c);
        if (exact != null && exact.startsWith("127.")) {
          return exact;
        }
      }
      throw new StartupException(
          "no local address matches priority_networks="
              + priorityNetworks
              + " (local addresses: "
              + local
              + "); fix priority_networks in fe.conf or set frontend_address");
    }
    for (InetAddress a : local) {
      if (!a.isLoopbackAddress()) {
        return a.getHostAddress();
      }
    }
    return "127.0.0.1";
  }

  static boolean inCidr(InetAddress address, String cidr) {
    String[] parts = cidr.split("/");
    int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
    try {
      int net = toInt(InetAddress.getByName(parts[0]));
      int mask = bits == 0 ? 0 : -1 << (32 - bits);
      return (toInt(address) & mask) == (net & mask);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static int toInt(InetAddress a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  private static List<InetAddress> localIpv4() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            out.add(a);
          }
        }
      }
    } catch (SocketException e) {
      throw new StartupException("cannot list network interfaces: " + e.getMessage(), e);
    }
    return out;
  }
}
