package io.metafe.metadir;

/**
 * meta_dir cannot be used as it is; the message says what is wrong and how to fix it. Nothing was
 * changed.
 */
public final class MetaDirException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MetaDirException(String message) {
    super(message);
  }
}
