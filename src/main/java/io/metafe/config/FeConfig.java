package io.metafe.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The validated configuration of one FE: every declared key with its value from fe.conf or its default. Immutable
 * and thread-safe. Building one never logs: it returns its warnings so that the caller can log them once logging
 * is set up.
 */
public final class FeConfig {
  private final Map<String, Object> values;
  private final Map<String, String> origins;
  private final List<String> warnings;

  private FeConfig(Map<String, Object> values, Map<String, String> origins, List<String> warnings) {
    this.values = Map.copyOf(values);
    this.origins = Map.copyOf(origins);
    this.warnings = List.copyOf(warnings);
  }

  /** Reads fe.conf; {@code variables} resolves {@code ${NAME}} (FE_HOME and the environment). */
  public static FeConfig load(Path confFile, Function<String, String> variables) {
    return from(ConfigFile.read(confFile, variables), variables);
  }

  /**
   * Validates a parsed file.
   *
   * @throws ConfigException for the first invalid value, naming key, value, line and what is allowed
   */
  public static FeConfig from(ConfigFile file, Function<String, String> variables) {
    Map<String, Object> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    List<String> warnings = new ArrayList<>(file.warnings());
    for (ConfigFile.Entry e : file.entries().values()) {
      if (!ConfigKeys.BY_NAME.containsKey(e.key()) && !ConfigKeys.SCRIPT_KEYS.contains(e.key())) {
        warnings.add("unknown config key '" + e.key() + "' in " + file.source() + " line " + e.line()
            + " is ignored; check its spelling against the fe.conf reference in the README");
      }
    }
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      ConfigFile.Entry e = file.entries().get(key.name());
      String text;
      String origin;
      if (e != null) {
        text = e.value();
        origin = file.source() + " line " + e.line();
      } else {
        text = ConfigFile.parse("default of " + key.name(), List.of("k = " + key.defaultText()), variables)
            .entries().get("k").value();
        origin = "default";
      }
      try {
        values.put(key.name(), key.parser().apply(text));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException("invalid value '" + text + "' for " + key.name() + " in " + origin + ": "
            + ex.getMessage());
      }
      origins.put(key.name(), origin);
    }
    FeConfig config = new FeConfig(values, origins, warnings);
    config.checkPortsDistinct();
    return config;
  }

  private void checkPortsDistinct() {
    List<ConfigKey<Integer>> ports = List.of(ConfigKeys.EDIT_LOG_PORT, ConfigKeys.HTTP_PORT, ConfigKeys.RPC_PORT,
        ConfigKeys.QUERY_PORT);
    for (int i = 0; i < ports.size(); i++) {
      for (int j = i + 1; j < ports.size(); j++) {
        if (get(ports.get(i)).equals(get(ports.get(j)))) {
          throw new ConfigException(ports.get(i).name() + " and " + ports.get(j).name() + " are both "
              + get(ports.get(i)) + " (" + origins.get(ports.get(i).name()) + ", " + origins.get(ports.get(j).name())
              + "); give each port its own number");
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key.name());
  }

  /** Where a key's value came from: "default" or the file and line. */
  public String origin(ConfigKey<?> key) {
    return origins.get(key.name());
  }

  /** Unknown and repeated keys, one readable line each. */
  public List<String> warnings() {
    return warnings;
  }

  public Path metaDir() {
    return Path.of(get(ConfigKeys.META_DIR));
  }
}
