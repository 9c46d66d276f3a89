package io.metafe.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Validation of the address keys. */
final class Networks {
  private Networks() {}

  static String parseAddress(String value) {
    if (!isIpv4(value)) {
      throw new IllegalArgumentException("must be an IPv4 address such as 192.168.1.10");
    }
    return value;
  }

  static String parsePriorityNetworks(String value) {
    if (value.isBlank()) {
      return "";
    }
    for (String part : value.split(";")) {
      String p = part.strip();
      String[] cidr = p.split("/", -1);
      boolean ok = cidr.length <= 2 && isIpv4(cidr[0]);
      if (ok && cidr.length == 2) {
        try {
          int bits = Integer.parseInt(cidr[1]);
          ok = bits >= 0 && bits <= 32;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "'"
                + p
                + "' is not an IPv4 address or CIDR; write e.g."
                + " 10.10.0.0/16;127.0.0.1/32");
      }
    }
    return value.strip();
  }

  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(Character::isDigit)
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    try {
      InetAddress.getByName(s);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
