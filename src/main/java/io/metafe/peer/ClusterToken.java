package io.metafe.peer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How the cluster token travels between FEs and how it is compared. */
public final class ClusterToken {
  /** The request header that carries the token on {@link Route.Access#PEER} routes. */
  public static final String HEADER = "X-MetaFE-Token";

  /** The query parameter that carries it on {@link Route.Access#TOKEN_PARAM} routes (curl). */
  public static final String PARAM = "token";

  private ClusterToken() {}

  /** Constant-time, so that response times do not reveal the token. */
  public static boolean matches(String presented, String token) {
    return presented != null
        && token != null
        && !token.isEmpty()
        && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
