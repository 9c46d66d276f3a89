package io.metafe.config;

/** fe.conf cannot be used; the message names the file, line, key, value and what is allowed. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
