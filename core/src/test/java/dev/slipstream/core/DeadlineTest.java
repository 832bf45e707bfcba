package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void after_countsDownWithTicker() {
    Deadline deadline = Deadline.after(Duration.ofMillis(300), ticker);
    assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(300));
    assertThat(deadline.expired()).isFalse();
    ticker.advance(Duration.ofMillis(200));
    assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(100));
    ticker.advance(Duration.ofMillis(100));
    assertThat(deadline.expired()).isTrue();
    ticker.advance(Duration.ofMillis(100));
    assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
  }

  @Test
  void fromRemainingMillis_likeLambdaContext() {
    Deadline deadline = Deadline.fromRemainingMillis(3000, ticker).minus(Duration.ofMillis(500));
    assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void allows_keepsMarginFree() {
    Deadline deadline = Deadline.after(Duration.ofMillis(1000), ticker);
    assertThat(deadline.allows(Duration.ofMillis(800), Duration.ofMillis(200))).isTrue();
    assertThat(deadline.allows(Duration.ofMillis(801), Duration.ofMillis(200))).isFalse();
  }

  @Test
  void clip_shortensSleepToWhatIsLeftMinusMargin() {
    Deadline deadline = Deadline.after(Duration.ofMillis(1000), ticker);
    assertThat(deadline.clip(Duration.ofMillis(300), Duration.ofMillis(100)))
        .isEqualTo(Duration.ofMillis(300));
    assertThat(deadline.clip(Duration.ofSeconds(5), Duration.ofMillis(100)))
        .isEqualTo(Duration.ofMillis(900));
    ticker.advance(Duration.ofMillis(950));
    assertThat(deadline.clip(Duration.ofSeconds(5), Duration.ofMillis(100))).isEqualTo(Duration.ZERO);
  }

  @Test
  void none_neverExpiresAndNeverClips() {
    Deadline none = Deadline.none();
    assertThat(none.expired()).isFalse();
    assertThat(none.isUnbounded()).isTrue();
    assertThat(none.allows(Duration.ofDays(10_000), Duration.ofDays(1))).isTrue();
    assertThat(none.clip(Duration.ofHours(1), Duration.ofSeconds(1))).isEqualTo(Duration.ofHours(1));
    assertThat(none.minus(Duration.ofSeconds(1))).isSameAs(none);
  }

  @Test
  void after_hugeDuration_isUnboundedNotOverflowed() {
    Deadline deadline = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), ticker);
    assertThat(deadline.expired()).isFalse();
    assertThat(deadline.isUnbounded()).isTrue();
  }

  @Test
  void negativeInputs_rejectedWithValue() {
    assertThatThrownBy(() -> Deadline.after(Duration.ofMillis(-1), ticker))
        .hasMessage("duration must not be negative, but was PT-0.001S");
    assertThatThrownBy(() -> Deadline.fromRemainingMillis(-5))
        .hasMessage("remainingMillis must not be negative, but was -5");
  }
}
