package io.metafe.peer;

/**
 * Any route's refusal, with a 4xx or 5xx status: {@code {"status":"FAILED","msg":...}}, the shape
 * StarRocks' tools expect from an FE.
 */
public record Refusal(String status, String msg) {
  public static final String FAILED = "FAILED";

  public static Refusal of(String msg) {
    return new Refusal(FAILED, msg);
  }
}
