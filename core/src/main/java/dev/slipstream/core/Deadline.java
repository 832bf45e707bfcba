package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A point in time after which work should stop retrying, so that a function returns what it has
 * before Lambda kills it.
 *
 * <p>Build one from a {@link Duration} or from the invocation's remaining time:
 *
 * <pre>{@code
 * Deadline deadline = Deadline.fromRemainingMillis(context.getRemainingTimeInMillis())
 *     .minus(Duration.ofMillis(200)); // keep time to write the response
 * }</pre>
 *
 * <p>Immutable and thread-safe. Time comes from a {@link Ticker}, injectable for tests.
 */
public final class Deadline {

  private static final Deadline NONE = new Deadline(Ticker.system(), Long.MAX_VALUE, true);

  private final Ticker ticker;
  private final long expiresAtNanos;
  private final boolean unbounded;

  private Deadline(Ticker ticker, long expiresAtNanos, boolean unbounded) {
    this.ticker = ticker;
    this.expiresAtNanos = expiresAtNanos;
    this.unbounded = unbounded;
  }

  /**
   * A deadline that never expires.
   *
   * @return the unbounded deadline
   */
  public static Deadline none() {
    return NONE;
  }

  /**
   * A deadline {@code duration} from now on the system ticker.
   *
   * @param duration the time from now; not negative
   * @return a new deadline
   */
  public static Deadline after(Duration duration) {
    return after(duration, Ticker.system());
  }

  /**
   * A deadline {@code duration} from now on {@code ticker}.
   *
   * @param duration the time from now; not negative
   * @param ticker the clock the deadline reads
   * @return a new deadline
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public static Deadline after(Duration duration, Ticker ticker) {
    requireNonNull(duration, "duration must not be null");
    requireNonNull(ticker, "ticker must not be null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, but was " + duration);
    }
    long nanos = saturatedNanos(duration);
    long now = ticker.read();
    long expiresAt = now + nanos;
    if (((now ^ expiresAt) & (nanos ^ expiresAt)) < 0) { // overflow: effectively unbounded
      return new Deadline(ticker, Long.MAX_VALUE, true);
    }
    return new Deadline(ticker, expiresAt, false);
  }

  /**
   * A deadline from a Lambda context's {@code getRemainingTimeInMillis()}; core does not depend on
   * the Lambda runtime library, so pass the number.
   *
   * @param remainingMillis the context's remaining time, in milliseconds; not negative
   * @return a deadline that far from now on the system ticker
   * @throws IllegalArgumentException if {@code remainingMillis} is negative
   */
  public static Deadline fromRemainingMillis(long remainingMillis) {
    return fromRemainingMillis(remainingMillis, Ticker.system());
  }

  /**
   * As {@link #fromRemainingMillis(long)}, on {@code ticker}.
   *
   * @param remainingMillis the context's remaining time, in milliseconds; not negative
   * @param ticker the clock the deadline reads
   * @return a deadline that far from now on {@code ticker}
   */
  public static Deadline fromRemainingMillis(long remainingMillis, Ticker ticker) {
    if (remainingMillis < 0) {
      throw new IllegalArgumentException(
          "remainingMillis must not be negative, but was " + remainingMillis);
    }
    return after(Duration.ofMillis(remainingMillis), ticker);
  }

  /**
   * This deadline moved earlier by {@code margin}, for example to keep time to answer.
   *
   * @param margin the time to keep; not negative
   * @return a new deadline, or this one when it is unbounded
   */
  public Deadline minus(Duration margin) {
    requireNonNull(margin, "margin must not be null");
    if (unbounded) {
      return this;
    }
    return new Deadline(ticker, expiresAtNanos - saturatedNanos(margin), false);
  }

  /**
   * Whether this deadline never expires.
   *
   * @return true for {@link #none()}
   */
  public boolean isUnbounded() {
    return unbounded;
  }

  /**
   * Time left, never negative; a very large duration for {@link #none()}.
   *
   * @return the time left
   */
  public Duration remaining() {
    if (unbounded) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    long left = expiresAtNanos - ticker.read();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /**
   * Whether no time is left.
   *
   * @return true once the deadline has passed
   */
  public boolean expired() {
    return !unbounded && expiresAtNanos - ticker.read() <= 0;
  }

  /**
   * Whether a sleep of {@code sleep} still leaves {@code margin} before the deadline: the test a
   * retry loop makes before it backs off.
   *
   * @param sleep the sleep about to start
   * @param margin the time that must remain after it
   * @return true if the sleep fits
   */
  public boolean allows(Duration sleep, Duration margin) {
    requireNonNull(sleep, "sleep must not be null");
    requireNonNull(margin, "margin must not be null");
    if (unbounded) {
      return true;
    }
    long left = expiresAtNanos - ticker.read();
    return left - saturatedNanos(margin) >= saturatedNanos(sleep);
  }

  /**
   * {@code sleep} clipped to the time left minus {@code margin}; {@link Duration#ZERO} when there
   * is no such time.
   *
   * @param sleep the sleep wanted
   * @param margin the time that must remain after it
   * @return the sleep that fits, possibly {@link Duration#ZERO}
   */
  public Duration clip(Duration sleep, Duration margin) {
    requireNonNull(sleep, "sleep must not be null");
    requireNonNull(margin, "margin must not be null");
    if (unbounded) {
      return sleep;
    }
    long usable = expiresAtNanos - ticker.read() - saturatedNanos(margin);
    if (usable <= 0) {
      return Duration.ZERO;
    }
    long wanted = saturatedNanos(sleep);
    return wanted <= usable ? sleep : Duration.ofNanos(usable);
  }

  @Override
  public String toString() {
    return unbounded ? "Deadline[none]" : "Deadline[remaining=" + remaining() + "]";
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
