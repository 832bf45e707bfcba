package dev.slipstream.metrics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Measures a method: {@code slipstream-metrics-processor} writes a {@code Measured<Type>} decorator
 * in the same package at compile time, whose override records, per call, {@code Latency}
 * (milliseconds, fractional), {@code Count}, and {@code Errors} when the method throws (the
 * exception is rethrown unchanged), with the dimensions {@code Operation} and those given here.
 *
 * <p>On a type it measures every public method. For an interface the decorator is a final class
 * that wraps an instance; for a non-final class it is a subclass with the same constructors, each
 * taking a {@link Metrics} first.
 *
 * <pre>{@code
 * public interface UserService {
 *   @Measured(dimensions = "Table=users") User get(String id);
 * }
 * UserService service = new MeasuredUserService(new DynamoUserService(), metrics);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Measured {

  /**
   * The {@code Operation} dimension; the method's name by default.
   *
   * @return the operation's name, or empty for the method's name
   */
  String value() default "";

  /**
   * More dimensions, each {@code "Key=Value"}.
   *
   * @return dimensions such as {@code "Table=users"}
   */
  String[] dimensions() default {};
}
