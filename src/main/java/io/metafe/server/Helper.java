package io.metafe.server;

/**
 * The running FE a new FE joins through, from {@code --helper host:edit_log_port[:http_port]}. The
 * HTTP port is optional because StarRocks assumes every FE uses the same {@code http_port}; MetaFE
 * lets FEs on one host differ, so a helper with another HTTP port is named with it.
 */
record Helper(String host, int editLogPort, int httpPort) {

  static Helper parse(String text, int defaultHttpPort) {
    String[] parts = text.strip().split(":");
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
      throw new StartupException(
          "--helper "
              + text
              + " is not host:edit_log_port[:http_port], e.g."
              + " --helper 10.0.0.1:9010 or --helper 127.0.0.1:9010:8030");
    }
    try {
      int edit = Integer.parseInt(parts[1]);
      int http = parts.length == 3 ? Integer.parseInt(parts[2]) : defaultHttpPort;
      if (edit < 1 || edit > 65535 || http < 1 || http > 65535) {
        throw new NumberFormatException();
      }
      return new Helper(parts[0], edit, http);
    } catch (NumberFormatException e) {
      throw new StartupException(
          "--helper " + text + " has a port that is not a number from 1 to 65535");
    }
  }

  String editLogAddress() {
    return host + ":" + editLogPort;
  }

  @Override
  public String toString() {
    return host + ":" + editLogPort + " (http " + httpPort + ")";
  }
}
