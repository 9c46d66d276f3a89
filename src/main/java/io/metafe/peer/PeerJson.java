package io.metafe.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The codec of peer messages: records to JSON bodies and query strings and back. Fields a record
 * does not know are ignored, so that an FE reads what a newer FE sends; absent fields read as null
 * or 0, so that it reads what an older one sends; null fields are not sent. Thread-safe.
 */
public final class PeerJson {
  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .build();

  public byte[] write(Object message) {
    try {
      return mapper.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + message + ": " + e.getMessage(), e);
    }
  }

  /**
   * @throws IOException naming what could not be read
   */
  public <T> T read(byte[] json, Class<T> type) throws IOException {
    if (type == Void.class) {
      return null;
    }
    try {
      return mapper.readValue(json, type);
    } catch (IOException e) {
      throw new IOException(
          "cannot read " + type.getSimpleName() + " from " + preview(json) + ": " + firstLine(e),
          e);
    }
  }

  /** A request's fields as query parameters, in declaration order; nulls are left out. */
  public Map<String, String> toQuery(Object request) {
    Map<String, String> out = new LinkedHashMap<>();
    if (request != null) {
      mapper.convertValue(request, FIELDS).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException naming the parameter that does not fit
   */
  public <T> T fromQuery(Map<String, String> query, Class<T> type) {
    if (type == Void.class) {
      return null;
    }
    try {
      return mapper.convertValue(query, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad query: " + firstLine(e), e);
    }
  }

  /** Reads a map built by code that predates the records (the FE's status) as a record. */
  public <T> T convert(Map<String, Object> fields, Class<T> type) {
    return mapper.convertValue(fields, type);
  }

  public static String queryString(Map<String, String> params) {
    StringJoiner out = new StringJoiner("&");
    params.forEach(
        (k, v) ->
            out.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  /** The parameters of a raw query string; a parameter without {@code =} is ignored. */
  public static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String preview(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    return text.length() <= 200 ? "'" + text + "'" : "'" + text.substring(0, 200) + "...'";
  }

  /** Jackson appends the source location on further lines; the first says what was wrong. */
  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
