package dev.slipstream.core;

import java.time.Duration;

/**
 * Static shortcuts for reading the process environment at init; see {@link Environment} for the
 * rules and {@link Environment#of(java.util.Map)} for a testable instance.
 *
 * <pre>{@code
 * static final String TABLE = Env.required("USERS_TABLE");
 * static final Duration TIMEOUT = Env.duration("DB_TIMEOUT", Duration.ofSeconds(2));
 * }</pre>
 */
public final class Env {

  private Env() {}

  /**
   * The value of a variable that must be set.
   *
   * @param name the variable's name
   * @return its value, never blank
   * @throws IllegalStateException naming the variable if it is unset or blank
   */
  public static String required(String name) {
    return Environment.system().required(name);
  }

  /**
   * The value of a variable, or {@code fallback} when it is unset or blank.
   *
   * @param name the variable's name
   * @param fallback the value when it is unset or blank
   * @return its value or {@code fallback}
   */
  public static String optional(String name, String fallback) {
    return Environment.system().optional(name, fallback);
  }

  /**
   * An integer variable, or {@code fallback} when unset.
   *
   * @param name the variable's name
   * @param fallback the value when it is unset or blank
   * @return its value or {@code fallback}
   * @throws IllegalStateException naming the variable and the value if it is not an integer
   */
  public static int intValue(String name, int fallback) {
    return Environment.system().intValue(name, fallback);
  }

  /**
   * A duration variable ({@code 250ms}, {@code 5s}, {@code 2m}, {@code PT1M}), or {@code fallback}.
   *
   * @param name the variable's name
   * @param fallback the value when it is unset or blank
   * @return its value or {@code fallback}
   * @throws IllegalStateException naming the variable and the value if it is not a duration
   */
  public static Duration duration(String name, Duration fallback) {
    return Environment.system().duration(name, fallback);
  }
}
