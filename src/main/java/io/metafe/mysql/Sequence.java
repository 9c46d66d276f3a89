package io.metafe.mysql;

/**
 * The packet sequence id shared by both directions of one exchange: each packet read or written
 * takes the next number, and every new command starts again at 0. Confined to the connection's
 * thread.
 */
final class Sequence {
  private int next;

  int next() {
    return next;
  }

  void advance() {
    next = (next + 1) & 0xFF;
  }

  void reset() {
    next = 0;
  }
}
