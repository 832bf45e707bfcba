package dev.slipstream.metrics.consumer;

import dev.slipstream.metrics.Measured;

/** A class measured as a whole: the decorator is a subclass with the same constructors. */
@Measured(dimensions = "Store=main")
public class Inventory {

  private final int start;
  final StringBuilder log = new StringBuilder();

  /** The usual constructor. */
  public Inventory(int start) {
    this.start = start;
    reserve(0); // called from the constructor: the decorator must cope
  }

  /** Another constructor, with varargs. */
  public Inventory(String... items) {
    this(items.length);
  }

  /** Measured (public). */
  public int reserve(int n) {
    log.append("reserve ").append(n).append(';');
    return start - n;
  }

  /** Not measured: not public. */
  int peek() {
    return start;
  }
}
