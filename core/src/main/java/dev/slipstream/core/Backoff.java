package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * An exponential backoff policy with jitter, after the AWS Architecture Blog's "Exponential Backoff
 * and Jitter": spreading retries randomly is what stops a fleet of Lambda instances from retrying
 * a throttled table in lock-step.
 *
 * <ul>
 *   <li>{@linkplain Jitter#FULL Full jitter} (the default): retry {@code n} waits
 *       {@code random(0, min(cap, base * 2^n))}.</li>
 *   <li>{@linkplain Jitter#DECORRELATED Decorrelated jitter}: waits
 *       {@code min(cap, random(base, previous * 3))}.</li>
 * </ul>
 *
 * <p>Delays are never negative, never above the cap, and do not overflow at large retry numbers.
 * Instances are immutable; the {@code with…} methods return copies.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.exponential(Duration.ofMillis(25), Duration.ofSeconds(1))
 *     .withMaxAttempts(8);
 * }</pre>
 */
public final class Backoff {

  /** Attempts in all (the first call included) unless {@link #withMaxAttempts(int)} says otherwise. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  /** How a delay is spread. */
  public enum Jitter {
    /** {@code random(0, min(cap, base * 2^n))}. */
    FULL,
    /** {@code min(cap, random(base, previous * 3))}. */
    DECORRELATED
  }

  private final long baseNanos;
  private final long capNanos;
  private final int maxAttempts;
  private final Jitter jitter;
  private final RandomGenerator random; // null: Randomness.shared()

  private Backoff(long baseNanos, long capNanos, int maxAttempts, Jitter jitter,
      RandomGenerator random) {
    this.baseNanos = baseNanos;
    this.capNanos = capNanos;
    this.maxAttempts = maxAttempts;
    this.jitter = jitter;
    this.random = random;
  }

  /**
   * Exponential backoff with full jitter.
   *
   * @param base the ceiling of the first retry's delay; greater than zero
   * @param cap the ceiling of every delay; at least {@code base}
   * @return a policy with the default number of attempts
   * @throws IllegalArgumentException if {@code base} is not positive or {@code cap < base}
   */
  public static Backoff exponential(Duration base, Duration cap) {
    requireNonNull(base, "base must not be null");
    requireNonNull(cap, "cap must not be null");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base must be greater than zero, but was " + base);
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "cap must be at least base (" + base + "), but was " + cap);
    }
    return new Backoff(toNanos(base), toNanos(cap), DEFAULT_MAX_ATTEMPTS, Jitter.FULL, null);
  }

  /**
   * A copy that allows {@code maxAttempts} attempts in all, the first call included.
   *
   * @param maxAttempts attempts in all; at least 1
   * @return a copy with that limit
   * @throws IllegalArgumentException if {@code maxAttempts < 1}
   */
  public Backoff withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
    }
    return new Backoff(baseNanos, capNanos, maxAttempts, jitter, random);
  }

  /**
   * A copy that uses decorrelated jitter; pass the previous delay to {@link #delay(int, Duration)}.
   *
   * @return a copy with decorrelated jitter
   */
  public Backoff withDecorrelatedJitter() {
    return new Backoff(baseNanos, capNanos, maxAttempts, Jitter.DECORRELATED, random);
  }

  /**
   * A copy that draws from {@code random}, for deterministic tests. The default draws from
   * {@link Randomness#shared()}, re-seeded after a SnapStart restore. A shared generator must be thread-safe if the
   * policy is used from several threads.
   *
   * @param random the source of jitter
   * @return a copy drawing from {@code random}
   */
  public Backoff withRandom(RandomGenerator random) {
    return new Backoff(baseNanos, capNanos, maxAttempts, jitter,
        requireNonNull(random, "random must not be null"));
  }

  /**
   * Attempts in all, the first call included.
   *
   * @return attempts in all, at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The first retry's ceiling.
   *
   * @return the first retry's ceiling
   */
  public Duration base() {
    return Duration.ofNanos(baseNanos);
  }

  /**
   * The ceiling of every delay.
   *
   * @return the ceiling of every delay
   */
  public Duration cap() {
    return Duration.ofNanos(capNanos);
  }

  /**
   * The jitter in use.
   *
   * @return the jitter in use
   */
  public Jitter jitter() {
    return jitter;
  }

  /**
   * Whether another attempt is allowed after {@code attemptsMade} attempts.
   *
   * @param attemptsMade attempts already made, the first call included
   * @return true if {@code attemptsMade} is below {@link #maxAttempts()}
   */
  public boolean allowsAnotherAttempt(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /**
   * The delay before retry number {@code retry} (0 for the first retry), with full jitter; with
   * decorrelated jitter it assumes the previous delay was the largest it could have been.
   *
   * @param retry 0 for the first retry; not negative
   * @return the delay to sleep before that retry; zero or more, at most {@link #cap()}
   * @throws IllegalArgumentException if {@code retry} is negative
   */
  public Duration delay(int retry) {
    return delay(retry, null);
  }

  /**
   * The delay before retry number {@code retry} (0 for the first retry).
   *
   * @param retry 0 for the first retry; not negative
   * @param previous the delay used before the previous retry, or null for the first; only
   *     decorrelated jitter uses it
   * @return the delay to sleep before that retry; zero or more, at most {@link #cap()}
   * @throws IllegalArgumentException if {@code retry} is negative
   */
  public Duration delay(int retry, Duration previous) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must not be negative, but was " + retry);
    }
    RandomGenerator rnd = random != null ? random : Randomness.shared();
    if (jitter == Jitter.FULL) {
      return Duration.ofNanos(uniform(rnd, 0, ceiling(retry)));
    }
    long prev = previous == null ? ceiling(Math.max(0, retry - 1)) : toNanos(previous);
    long upper = prev > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : prev * 3;
    upper = Math.max(baseNanos, Math.min(capNanos, upper));
    return Duration.ofNanos(uniform(rnd, Math.min(baseNanos, upper), upper));
  }

  /** min(cap, base * 2^retry), without overflow. */
  long ceiling(int retry) {
    // base << retry overflows once retry reaches the number of leading zeros minus the sign bit.
    if (retry >= Long.numberOfLeadingZeros(baseNanos) - 1) {
      return capNanos;
    }
    return Math.min(capNanos, baseNanos << retry);
  }

  private static long uniform(RandomGenerator rnd, long low, long high) {
    if (high <= low) {
      return low;
    }
    long span = high - low;
    long offset = (long) (rnd.nextDouble() * span); // in [0, span)
    return low + Math.min(span, Math.max(0, offset));
  }

  private static long toNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "Backoff[base=" + base() + ", cap=" + cap() + ", maxAttempts=" + maxAttempts
        + ", jitter=" + jitter + "]";
  }
}
