package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration CAP = Duration.ofSeconds(2);

  /** Always draws the same fraction of the range. */
  private static RandomGenerator fixed(double fraction) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return fraction;
      }
    };
  }

  @Test
  void delay_fullJitter_topOfRangeDoublesUntilCap() {
    Backoff backoff = Backoff.exponential(BASE, CAP).withRandom(fixed(0.999999999));
    assertThat(backoff.delay(0)).isBetween(Duration.ofMillis(99), BASE);
    assertThat(backoff.delay(1)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(backoff.delay(3)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
    assertThat(backoff.delay(5)).isBetween(Duration.ofMillis(1999), CAP); // 3.2 s capped
  }

  @Test
  void delay_fullJitter_bottomOfRangeIsZero() {
    Backoff backoff = Backoff.exponential(BASE, CAP).withRandom(fixed(0.0));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ZERO);
  }

  @Test
  void delay_manyDraws_neverNegativeNeverAboveCap() {
    Backoff backoff = Backoff.exponential(BASE, CAP).withRandom(new SplittableRandom(7));
    for (int retry = 0; retry < 200; retry++) {
      Duration d = backoff.delay(retry);
      assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(CAP);
    }
  }

  @Test
  void delay_hugeRetryNumbers_doNotOverflow() {
    Backoff backoff = Backoff.exponential(Duration.ofNanos(1), Duration.ofDays(365))
        .withRandom(fixed(0.5));
    for (int retry : new int[] {61, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
      assertThat(backoff.delay(retry)).isEqualTo(Duration.ofDays(365).dividedBy(2));
    }
  }

  @Test
  void delay_decorrelated_staysBetweenBaseAndThreeTimesPrevious() {
    Backoff backoff = Backoff.exponential(BASE, CAP).withDecorrelatedJitter()
        .withRandom(new SplittableRandom(11));
    Duration previous = null;
    for (int retry = 0; retry < 50; retry++) {
      Duration d = backoff.delay(retry, previous);
      Duration upper = previous == null ? CAP : min(CAP, previous.multipliedBy(3));
      assertThat(d).isGreaterThanOrEqualTo(BASE).isLessThanOrEqualTo(upper);
      previous = d;
    }
  }

  @Test
  void delay_decorrelated_topOfRange() {
    Backoff backoff = Backoff.exponential(BASE, CAP).withDecorrelatedJitter().withRandom(fixed(1.0));
    assertThat(backoff.delay(1, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(900));
    assertThat(backoff.delay(1, Duration.ofSeconds(1))).isEqualTo(CAP);
  }

  @Test
  void maxAttempts_defaultAndOverride() {
    Backoff backoff = Backoff.exponential(BASE, CAP);
    assertThat(backoff.maxAttempts()).isEqualTo(Backoff.DEFAULT_MAX_ATTEMPTS);
    Backoff three = backoff.withMaxAttempts(3);
    assertThat(three.allowsAnotherAttempt(2)).isTrue();
    assertThat(three.allowsAnotherAttempt(3)).isFalse();
    assertThat(backoff.maxAttempts()).as("immutable").isEqualTo(Backoff.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  void invalidArguments_sayWhatAndWhatWasGiven() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, CAP))
        .hasMessage("base must be greater than zero, but was PT0S");
    assertThatThrownBy(() -> Backoff.exponential(CAP, BASE))
        .hasMessage("cap must be at least base (PT2S), but was PT0.1S");
    assertThatThrownBy(() -> Backoff.exponential(BASE, CAP).withMaxAttempts(0))
        .hasMessage("maxAttempts must be at least 1, but was 0");
    assertThatThrownBy(() -> Backoff.exponential(BASE, CAP).delay(-1))
        .hasMessage("retry must not be negative, but was -1");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
