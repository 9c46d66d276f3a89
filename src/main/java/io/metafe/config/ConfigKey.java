package io.metafe.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One declared fe.conf key: its name, default (before {@code ${FE_HOME}} expansion), parser, and
 * whether it may be changed while the FE runs. Immutable.
 *
 * @param parser turns the text into the value, or throws IllegalArgumentException whose message
 *     says what is allowed
 */
public record ConfigKey<T>(
    String name,
    String defaultText,
    Function<String, T> parser,
    boolean mutable,
    String description) {

  static ConfigKey<Integer> port(String name, int defaultPort, String description) {
    return new ConfigKey<>(
        name, Integer.toString(defaultPort), v -> intIn(v, 1, 65535), false, description);
  }

  static ConfigKey<Integer> integer(
      String name, int defaultValue, int min, int max, boolean mutable, String description) {
    return new ConfigKey<>(
        name, Integer.toString(defaultValue), v -> intIn(v, min, max), mutable, description);
  }

  static ConfigKey<Long> longInteger(
      String name, long defaultValue, long min, long max, boolean mutable, String description) {
    return new ConfigKey<>(
        name, Long.toString(defaultValue), v -> longIn(v, min, max), mutable, description);
  }

  static ConfigKey<String> text(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, v -> v, false, description);
  }

  static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(
        name, Boolean.toString(defaultValue), ConfigKey::parseBoolean, false, description);
  }

  static ConfigKey<String> oneOf(
      String name, String defaultValue, String description, String... allowed) {
    List<String> options = Arrays.asList(allowed);
    return new ConfigKey<>(
        name,
        defaultValue,
        v -> {
          String upper = v.toUpperCase(Locale.ROOT);
          if (!options.contains(upper)) {
            throw new IllegalArgumentException("must be one of " + String.join(", ", options));
          }
          return upper;
        },
        false,
        description);
  }

  static boolean parseBoolean(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static int intIn(String v, int min, int max) {
    long n = longIn(v, min, max);
    return (int) n;
  }

  private static long longIn(String v, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer from " + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("must be an integer from " + min + " to " + max);
    }
    return n;
  }
}
