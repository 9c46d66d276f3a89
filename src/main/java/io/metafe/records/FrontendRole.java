package io.metafe.records;

/**
 * The role an FE has in the metadata: FOLLOWERs vote and can become master; OBSERVERs only replay.
 */
public enum FrontendRole {
  FOLLOWER(0),
  OBSERVER(1);

  /**
   * The byte that records and images store; fixed here so that reordering the constants cannot
   * change formats.
   */
  private final int wireCode;

  FrontendRole(int wireCode) {
    this.wireCode = wireCode;
  }

  public int wireCode() {
    return wireCode;
  }

  /** The role stored as {@code code}, or {@code null} for a code no version of MetaFE wrote. */
  public static FrontendRole fromWireCode(int code) {
    for (FrontendRole role : values()) {
      if (role.wireCode == code) {
        return role;
      }
    }
    return null;
  }
}
