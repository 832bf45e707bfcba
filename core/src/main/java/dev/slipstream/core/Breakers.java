package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;

/**
 * resilience4j circuit breakers with presets for one Lambda instance.
 *
 * <p>resilience4j's defaults (a window of 100 calls, 100 calls before it may trip, 60 s open) suit
 * a long-lived server. A Lambda instance serves one request at a time and may live for a few hundred
 * invocations: at 100 calls it would almost never trip, and after tripping it would fail fast for a
 * minute, possibly its whole life. The preset therefore uses a window of the last
 * {@value #WINDOW_SIZE} calls, may trip after {@value #MINIMUM_CALLS}, opens at
 * {@value #FAILURE_RATE_THRESHOLD}% failures, stays open {@link #OPEN_DURATION} and then lets
 * {@value #HALF_OPEN_CALLS} trial calls through. It transitions from open to half-open on the next
 * call rather than on a timer thread, which a frozen Lambda instance would not run anyway.
 *
 * <p>Only failures that say something about the dependency count: throttling, 5xx, timeouts and
 * I/O errors, and non-SDK exceptions; a 4xx client error or missing credentials never trips a
 * breaker (see {@link AwsErrors#countsAgainstDependency(Throwable)}). Needs
 * {@code io.github.resilience4j:resilience4j-circuitbreaker} on the class path; the AWS SDK is not
 * needed (without it every failure counts).
 *
 * <p>{@link #forDependency(String)} returns one breaker per name from a process-wide registry
 * (a documented singleton), so every caller of the same dependency shares its state.
 *
 * <pre>{@code
 * CircuitBreaker breaker = Breakers.forDependency("dynamodb");
 * GetItemResponse item = breaker.executeSupplier(() -> dynamo.getItem(request));
 * // open: CallNotPermittedException at once, no call made
 * }</pre>
 */
public final class Breakers {

  /** Calls in the sliding window. */
  public static final int WINDOW_SIZE = 10;
  /** Calls recorded before the failure rate is evaluated. */
  public static final int MINIMUM_CALLS = 5;
  /** Failure percentage at which the breaker opens. */
  public static final float FAILURE_RATE_THRESHOLD = 50f;
  /** Trial calls allowed while half-open. */
  public static final int HALF_OPEN_CALLS = 2;
  /** Time spent open before trial calls. */
  public static final Duration OPEN_DURATION = Duration.ofSeconds(5);

  private static final CircuitBreakerConfig PRESET = CircuitBreakerConfig.custom()
      .slidingWindowType(SlidingWindowType.COUNT_BASED)
      .slidingWindowSize(WINDOW_SIZE)
      .minimumNumberOfCalls(MINIMUM_CALLS)
      .failureRateThreshold(FAILURE_RATE_THRESHOLD)
      .permittedNumberOfCallsInHalfOpenState(HALF_OPEN_CALLS)
      .waitDurationInOpenState(OPEN_DURATION)
      .automaticTransitionFromOpenToHalfOpenEnabled(false)
      .recordException(DependencyFailures::countsAgainstDependency)
      .build();

  private static final Lazy<CircuitBreakerRegistry> REGISTRY =
      Lazy.of(() -> CircuitBreakerRegistry.of(PRESET));

  private Breakers() {}

  /**
   * The serverless preset; start from it with {@code CircuitBreakerConfig.from(Breakers.preset())}.
   *
   * @return a new config with the preset's settings
   */
  public static CircuitBreakerConfig preset() {
    return PRESET;
  }

  /**
   * The shared breaker for a dependency, created with the preset on first use.
   *
   * @param name names the dependency, such as {@code "dynamodb"} or {@code "redis:users"}
   * @return the breaker registered under {@code name}
   */
  public static CircuitBreaker forDependency(String name) {
    requireNonNull(name, "name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return REGISTRY.get().circuitBreaker(name);
  }

  /**
   * The shared breaker for a dependency, created with {@code config} on first use; a breaker that
   * already exists under {@code name} is returned as it is.
   *
   * @param name names the dependency, such as {@code "dynamodb"}
   * @param config the settings used if the breaker is created by this call
   * @return the breaker registered under {@code name}
   */
  public static CircuitBreaker forDependency(String name, CircuitBreakerConfig config) {
    requireNonNull(name, "name must not be null");
    requireNonNull(config, "config must not be null");
    return REGISTRY.get().circuitBreaker(name, config);
  }

  /**
   * A new breaker with the preset that is not shared through the registry; for tests and one-off uses.
   *
   * @param name the breaker's name, as it appears in its events
   * @return a new breaker with the preset's settings
   */
  public static CircuitBreaker standalone(String name) {
    return CircuitBreaker.of(requireNonNull(name, "name must not be null"), PRESET);
  }
}
