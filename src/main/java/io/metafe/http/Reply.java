package io.metafe.http;

import java.io.InputStream;
import java.util.Map;

/**
 * What a handler answers: an HTTP status and a record sent as JSON, or raw bytes ({@link Bytes}).
 */
record Reply(int status, Object body, Map<String, String> headers) {

  /** A body sent as it is, not as JSON: an image file. The sender closes it. */
  record Bytes(InputStream in, long size) {}

  static Reply ok(Object body) {
    return new Reply(200, body, Map.of());
  }

  static Reply of(int status, Object body) {
    return new Reply(status, body, Map.of());
  }
}
