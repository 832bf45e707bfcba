package dev.slipstream.metrics.consumer;

import dev.slipstream.metrics.Measured;
import java.io.IOException;
import java.util.List;

/** An interface with every shape of method the processor must keep. */
public interface GreetingService<K> {

  /** Measured with extra dimensions. */
  @Measured(value = "greet", dimensions = {"Tier=gold"})
  String greet(String name) throws IOException;

  /** Overload of {@link #greet(String)}; measured separately. */
  @Measured
  String greet(String name, int times);

  /** Varargs and a generic method. */
  @Measured
  <T extends Comparable<T>> T max(T first, T... rest);

  /** Primitive return. */
  @Measured
  long count(K key);

  /** Void, throws a checked exception. */
  @Measured
  void fail(String reason) throws IOException;

  /** Not measured: only delegated. */
  List<K> keys();

  /** A default method, measured. */
  @Measured
  default int twice(int x) {
    return 2 * x;
  }
}
