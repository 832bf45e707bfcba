package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;

/**
 * A thread-safe, memoized holder for an expensive singleton such as an SDK client: built on first
 * {@link #get()}, by exactly one thread, then shared.
 *
 * <pre>{@code
 * private static final Lazy<DynamoDbClient> DYNAMO =
 *     Lazy.of(() -> AwsClients.build(DynamoDbClient.builder()));
 * }</pre>
 *
 * <p>A supplier that throws is not cached as a failure: the exception reaches the caller and the
 * next {@code get()} tries again, so a transient init error (a slow network at cold start) does not
 * poison the instance for its lifetime.
 *
 * @param <T> the type of the value
 */
public final class Lazy<T> implements Supplier<T> {

  private final Object lock = new Object();
  private Supplier<? extends T> supplier;
  private volatile T value;

  private Lazy(Supplier<? extends T> supplier) {
    this.supplier = supplier;
  }

  /**
   * A holder that calls {@code supplier} once, on first use.
   *
   * @param <T> the value's type
   * @param supplier builds the value; must not return null
   * @return a holder that has not called {@code supplier} yet
   */
  public static <T> Lazy<T> of(Supplier<? extends T> supplier) {
    return new Lazy<>(requireNonNull(supplier, "supplier must not be null"));
  }

  /**
   * The value, built on the first call.
   *
   * @throws NullPointerException if the supplier returned null
   */
  @Override
  public T get() {
    T current = value;
    if (current != null) {
      return current;
    }
    synchronized (lock) {
      if (value == null) {
        T built = requireNonNull(supplier.get(), "Lazy supplier returned null");
        value = built;
        supplier = null; // let whatever the supplier captured be collected
      }
      return value;
    }
  }

  /**
   * Whether the value has been built.
   *
   * @return true once {@link #get()} has built the value
   */
  public boolean isInitialized() {
    return value != null;
  }

  @Override
  public String toString() {
    T current = value;
    return current == null ? "Lazy[not initialized]" : "Lazy[" + current + "]";
  }
}
