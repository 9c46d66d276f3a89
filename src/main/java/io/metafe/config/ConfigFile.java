package io.metafe.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw contents of fe.conf: {@code key = value} lines, {@code #} comments, optional double
 * quotes around a value, and {@code ${NAME}} expanded from the given variables (FE_HOME and the
 * environment). Immutable.
 */
public final class ConfigFile {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  /** One setting and the line it came from. */
  public record Entry(String key, String value, int line) {}

  private final String source;
  private final Map<String, Entry> entries;
  private final List<String> warnings;

  private ConfigFile(String source, Map<String, Entry> entries, List<String> warnings) {
    this.source = source;
    this.entries = entries;
    this.warnings = warnings;
  }

  public static ConfigFile read(Path path, Function<String, String> variables) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read config file "
              + path
              + ": "
              + e.getMessage()
              + "; check that it exists and is readable");
    }
    return parse(path.toString(), lines, variables);
  }

  public static ConfigFile parse(
      String source, List<String> lines, Function<String, String> variables) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            source + " line " + lineNo + ": expected 'key = value' but found '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw new ConfigException(
            source + " line " + lineNo + ": '" + key + "' is not a valid config key");
      }
      String value = unquote(line.substring(eq + 1).strip());
      value = expand(source, lineNo, value, variables);
      Entry previous = entries.put(key, new Entry(key, value, lineNo));
      if (previous != null) {
        warnings.add(
            source
                + " line "
                + lineNo
                + ": "
                + key
                + " is set again (first on line "
                + previous.line()
                + "); the last value wins");
      }
    }
    return new ConfigFile(source, Map.copyOf(entries), List.copyOf(warnings));
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static String expand(
      String source, int lineNo, String value, Function<String, String> variables) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = variables.apply(m.group(1));
      if (replacement == null) {
        throw new ConfigException(
            source
                + " line "
                + lineNo
                + ": ${"
                + m.group(1)
                + "} is not set; set it in the environment or write the value out");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  public String source() {
    return source;
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  public List<String> warnings() {
    return warnings;
  }
}
