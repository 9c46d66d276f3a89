package io.metafe.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The validated configuration of one FE: every declared key with its value from fe.conf or its
 * default. Keys declared mutable can be changed while the FE runs ({@link #set}); such a change
 * lasts until the FE restarts. Thread-safe. Building one never logs: it returns its warnings so
 * that the caller can log them once logging is set up.
 */
public final class FeConfig {
  private final Map<String, Object> values;
  private final Map<String, String> origins;
  private final List<String> warnings;
  private final Map<String, Object> runtimeValues = new ConcurrentHashMap<>();

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
   * @throws ConfigException for the first invalid value, naming key, value, line and what is
   *     allowed
   */
  public static FeConfig from(ConfigFile file, Function<String, String> variables) {
    Map<String, Object> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    List<String> warnings = new ArrayList<>(file.warnings());
    for (ConfigFile.Entry e : file.entries().values()) {
      if (!ConfigKeys.BY_NAME.containsKey(e.key()) && !ConfigKeys.SCRIPT_KEYS.contains(e.key())) {
        warnings.add(
            "unknown config key '"
                + e.key()
                + "' in "
                + file.source()
                + " line "
                + e.line()
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
        text =
            ConfigFile.parse(
                    "default of " + key.name(), List.of("k = " + key.defaultText()), variables)
                .entries()
                .get("k")
                .value();
        origin = "default";
      }
      try {
        values.put(key.name(), key.parser().apply(text));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(
            "invalid value '"
                + text
                + "' for "
                + key.name()
                + " in "
                + origin
                + ": "
                + ex.getMessage());
      }
      origins.put(key.name(), origin);
    }
    FeConfig config = new FeConfig(values, origins, warnings);
    config.checkPortsDistinct();
    return config;
  }

  private void checkPortsDistinct() {
    List<ConfigKey<Integer>> ports =
        List.of(
            ConfigKeys.EDIT_LOG_PORT,
            ConfigKeys.HTTP_PORT,
            ConfigKeys.RPC_PORT,
            ConfigKeys.QUERY_PORT);
    for (int i = 0; i < ports.size(); i++) {
      for (int j = i + 1; j < ports.size(); j++) {
        if (get(ports.get(i)).equals(get(ports.get(j)))) {
          throw new ConfigException(
              ports.get(i).name()
                  + " and "
                  + ports.get(j).name()
                  + " are both "
                  + get(ports.get(i))
                  + " ("
                  + origins.get(ports.get(i).name())
                  + ", "
                  + origins.get(ports.get(j).name())
                  + "); give each port its own number");
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    Object changed = runtimeValues.get(key.name());
    return (T) (changed != null ? changed : values.get(key.name()));
  }

  /**
   * Changes mutable keys until the FE restarts (ADMIN SET FRONTEND CONFIG): all of them, or none
   * when one is refused.
   *
   * @throws ConfigException naming the key and why: unknown, not mutable, or an invalid value
   */
  public synchronized void set(Map<String, String> texts) {
    Map<String, Object> parsed = new HashMap<>();
    texts.forEach((name, text) -> parsed.put(name, parse(name, text)));
    runtimeValues.putAll(parsed);
  }

  private Object parse(String name, String text) {
    ConfigKey<?> key = ConfigKeys.BY_NAME.get(name);
    if (key == null) {
      throw new ConfigException(
          "unknown config key '" + name + "'; ADMIN SHOW FRONTEND CONFIG lists them all");
    }
    if (!key.mutable()) {
      throw new ConfigException(
          "config key "
              + name
              + " cannot be changed while the FE runs (IsMutable is false);"
              + " set it in fe.conf and restart the FE");
    }
    try {
      return key.parser().apply(text.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid value '" + text + "' for " + name + ": " + e.getMessage());
    }
  }

  /** Where a key's value came from: "default", the file and line, or ADMIN SET FRONTEND CONFIG. */
  public String origin(ConfigKey<?> key) {
    return runtimeValues.containsKey(key.name())
        ? "ADMIN SET FRONTEND CONFIG"
        : origins.get(key.name());
  }

  /** Unknown and repeated keys, one readable line each. */
  public List<String> warnings() {
    return warnings;
  }

  public Path metaDir() {
    return Path.of(get(ConfigKeys.META_DIR));
  }
}
