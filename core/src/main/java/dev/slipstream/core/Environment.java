package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A typed, read-only view of environment variables that fails fast with a message naming the
 * variable, the value seen and what would be valid.
 *
 * <p>{@link #system()} reads the process environment; {@link #of(Map)} reads a fixed map, which is
 * how tests and local runners configure code that would otherwise read {@code System.getenv()}.
 * Instances are immutable and thread-safe. {@link Env} is the static shortcut over {@link #system()}.
 *
 * <p>Every accessor throws {@link IllegalStateException} on a missing required or an invalid value:
 * configuration errors belong to a function's init phase, where they fail the deployment loudly
 * instead of every request quietly.
 *
 * <pre>{@code
 * Environment env = Environment.system();
 * String table = env.required("USERS_TABLE");
 * Duration ttl = env.duration("CACHE_TTL", Duration.ofMinutes(5));   // "30s", "PT1M", ...
 *
 * // in a test
 * Environment fixed = Environment.of(Map.of("USERS_TABLE", "users-test"));
 * }</pre>
 */
public final class Environment {

  private static final Environment SYSTEM = new Environment(System.getenv());

  private final Map<String, String> variables;

  private Environment(Map<String, String> variables) {
    this.variables = variables;
  }

  /**
   * The process environment, as {@link System#getenv()} sees it.
   *
   * @return the process environment
   */
  public static Environment system() {
    return SYSTEM;
  }

  /**
   * A fixed environment, for tests and local runners.
   *
   * @param variables names to values; copied, so later changes to the map are not seen
   * @return an environment holding exactly {@code variables}
   */
  public static Environment of(Map<String, String> variables) {
    requireNonNull(variables, "variables must not be null");
    return new Environment(Map.copyOf(variables));
  }

  /**
   * The raw value, if set and not blank.
   *
   * @param name the variable's name
   * @return the value, or empty when unset or blank
   */
  public Optional<String> get(String name) {
    requireNonNull(name, "name must not be null");
    String value = variables.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * The value of a variable that must be set.
   *
   * @param name the variable's name
   * @return its value, never blank
   * @throws IllegalStateException if the variable is unset or blank
   */
  public String required(String name) {
    return get(name)
        .orElseThrow(() -> new IllegalStateException(
            "Environment variable " + name + " is required but was "
                + (variables.containsKey(name) ? "blank" : "not set")));
  }

  /**
   * The value of a variable, or {@code fallback} when it is unset or blank.
   *
   * @param name the variable's name
   * @param fallback the value when it is unset or blank
   * @return its value or {@code fallback}
   */
  public String optional(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  /**
   * An integer variable, or {@code fallback} when it is unset or blank.
   *
   * @param name the variable's name
   * @param fallback the value when it is unset or blank
   * @return its value or {@code fallback}
   * @throws IllegalStateException if the variable is set to something that is not an integer
   */
  public int intValue(String name, int fallback) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Environment variable " + name + " must be an integer between "
          + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ", but was '" + raw.get() + "'", e);
    }
  }

  /**
   * A boolean variable ({@code true}/{@code false}, any case), or {@code fallback} when unset.
   *
   * @param name the variable's name
   * @param fallback the value when it is unset or blank
   * @return its value or {@code fallback}
   * @throws IllegalStateException if the variable is set to anything else
   */
  public boolean booleanValue(String name, boolean fallback) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    if (raw.get().equalsIgnoreCase("true")) {
      return true;
    }
    if (raw.get().equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalStateException(
        "Environment variable " + name + " must be 'true' or 'false', but was '" + raw.get() + "'");
  }

  /**
   * A duration variable, or {@code fallback} when it is unset or blank. Accepted forms:
   * {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, and ISO-8601 such as
   * {@code PT1M30S}. A bare number is rejected: its unit would be a guess.
   *
   * @param name the variable's name
   * @param fallback the value when it is unset or blank
   * @return its value or {@code fallback}
   * @throws IllegalStateException if the variable is set but is not such a duration, or negative
   */
  public Duration duration(String name, Duration fallback) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Durations.parse(raw.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Environment variable " + name + " must be a duration such as '250ms', '5s', '2m' or"
              + " 'PT1M', but was '" + raw.get() + "' (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public String toString() {
    return this == SYSTEM ? "Environment[system]" : "Environment" + variables.keySet();
  }
}
