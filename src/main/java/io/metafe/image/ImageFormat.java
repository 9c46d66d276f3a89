package io.metafe.image;

/**
 * The constants of the image format. Changing any of them is a format change: bump {@link
 * #VERSION}.
 */
final class ImageFormat {
  private ImageFormat() {}

  /** "MFEIMG" then CR LF, so that a text-mode transfer that mangles line ends is caught at once. */
  static final byte[] MAGIC = {'M', 'F', 'E', 'I', 'M', 'G', '\r', '\n'};

  static final byte[] FOOTER_MAGIC = {'M', 'F', 'E', 'E', 'N', 'D', '\r', '\n'};

  /** 2: each frontend carries its "stale" flag (set by a metadata failure recovery). */
  /** 3: each frontend carries its query and RPC ports too. */
  static final int VERSION = 3;

  /** Footer: magic, then the length of everything before the footer, then the CRC-32C of it. */
  static final int FOOTER_LENGTH = FOOTER_MAGIC.length + Long.BYTES + Integer.BYTES;

  static final int SECTION_FRONTENDS = 1;
  static final int SECTION_MASTER = 2;
  static final int SECTION_DATABASES = 3;
  static final int SECTION_END = 0;
}
