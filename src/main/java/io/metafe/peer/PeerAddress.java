package io.metafe.peer;

/** Where another FE answers HTTP: its host and http_port. */
public record PeerAddress(String host, int httpPort) {
  @Override
  public String toString() {
    return host + ":" + httpPort;
  }
}
