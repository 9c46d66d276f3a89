package io.metafe.http;

/** A {@link PeerHttpServer.Node} whose type a test sets. */
final class TestNode implements PeerHttpServer.Node {
  private final String name;
  private final String token;
  private volatile String type;

  TestNode(String name, String token, String type) {
    this.name = name;
    this.token = token;
    this.type = type;
  }

  void type(String type) {
    this.type = type;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int clusterId() {
    return 7;
  }

  @Override
  public String token() {
    return token;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public long startTimeMillis() {
    return 5;
  }

  @Override
  public String version() {
    return "test";
  }
}
