package io.metafe.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Source of password hashes for {@code mysql_native_password} authentication.
 *
 * <p>Implementations must be thread-safe: every connection thread calls {@link #doubleSha1} during
 * its handshake. An exception thrown from it fails that handshake only (the client gets an ERR
 * packet and is disconnected).
 */
public interface PasswordStore {

  /**
   * SHA1(SHA1(password)) of the user's password, a zero-length array for an empty password, or null
   * if the user does not exist.
   */
  byte[] doubleSha1(String user);

  /**
   * The value {@link #doubleSha1} should return for {@code password}: empty for an empty password.
   */
  static byte[] doubleSha1Of(String password) {
    if (password == null || password.isEmpty()) {
      return new byte[0];
    }
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
      return sha1.digest(once);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }
}
