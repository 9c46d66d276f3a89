package io.metafe.metadir;

import io.metafe.records.FrontendRole;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contents of {@code image/ROLE}: this FE's role and node name. The name is {@code
 * host_editLogPort_millis} and is also the FE's bdbje node name, so it never changes after the
 * first start.
 */
public record NodeIdentity(FrontendRole role, String name) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern NEW_STYLE = Pattern.compile("(.+)_(\\d+)_\\d+");
  private static final Pattern OLD_STYLE = Pattern.compile("(.+)_(\\d+)");

  public NodeIdentity {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "node name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
    }
  }

  /**
   * A new name for an FE at host:port, as bdbje requires: letters, digits, '.', '_' and '-' only.
   */
  public static String newName(String host, int editLogPort, long millis) {
    return host.replaceAll("[^A-Za-z0-9.-]", "-") + "_" + editLogPort + "_" + millis;
  }

  /** {@code host:port} encoded in the name, or null for a name in another form. */
  public String hostPort() {
    Matcher m = NEW_STYLE.matcher(name);
    if (!m.matches()) {
      m = OLD_STYLE.matcher(name);
    }
    return m.matches() ? m.group(1) + ":" + m.group(2) : null;
  }
}
