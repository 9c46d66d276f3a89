package io.metafe.mysql;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code mysql_native_password} check. The client sends SHA1(pw) XOR SHA1(scramble +
 * SHA1(SHA1(pw))); knowing only SHA1(SHA1(pw)) we undo the XOR to recover SHA1(pw) and hash it once
 * more to compare.
 */
final class NativePassword {
  private NativePassword() {}

  /**
   * @param stored SHA1(SHA1(password)), or empty for a user without a password
   * @param response what the client sent as its auth response
   */
  static boolean verify(byte[] scramble, byte[] stored, byte[] response) {
    if (stored.length == 0) {
      return response.length == 0;
    }
    if (stored.length != Protocol.SCRAMBLE_LENGTH || response.length != Protocol.SCRAMBLE_LENGTH) {
      return false;
    }
    MessageDigest sha1 = sha1();
    sha1.update(scramble);
    sha1.update(stored);
    byte[] mask = sha1.digest();
    byte[] candidate = new byte[Protocol.SCRAMBLE_LENGTH];
    for (int i = 0; i < candidate.length; i++) {
      candidate[i] = (byte) (response[i] ^ mask[i]);
    }
    return MessageDigest.isEqual(sha1.digest(candidate), stored);
  }

  /**
   * What a client computes from the plain password; used by tests that speak the protocol by hand.
   */
  static byte[] scramble(byte[] scramble, String password) {
    if (password.isEmpty()) {
      return new byte[0];
    }
    MessageDigest sha1 = sha1();
    byte[] once = sha1.digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] twice = sha1.digest(once);
    sha1.update(scramble);
    sha1.update(twice);
    byte[] mask = sha1.digest();
    for (int i = 0; i < once.length; i++) {
      once[i] ^= mask[i];
    }
    return once;
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }
}
