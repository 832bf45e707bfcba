package dev.slipstream.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

  @Test
  void congestion_halvesOncePerGenerationOfRequests() {
    AdaptiveLimit limit = new AdaptiveLimit(8);
    long[] sent = new long[8];
    for (int i = 0; i < 8; i++) {
      sent[i] = limit.onSend();
    }
    assertThat(limit.onCongestion(sent[0])).isTrue();
    assertThat(limit.current()).isEqualTo(4);
    for (int i = 1; i < 8; i++) {
      assertThat(limit.onCongestion(sent[i])).as("same burst").isFalse();
    }
    assertThat(limit.current()).isEqualTo(4);
    long later = limit.onSend();
    assertThat(limit.onCongestion(later)).isTrue();
    assertThat(limit.current()).isEqualTo(2);
    assertThat(limit.lowest()).isEqualTo(2);
  }

  @Test
  void success_climbsBackToMaxButNotBeyond() {
    AdaptiveLimit limit = new AdaptiveLimit(4);
    limit.onCongestion(limit.onSend());
    limit.onCongestion(limit.onSend());
    assertThat(limit.current()).isEqualTo(1);
    for (int i = 0; i < 100; i++) {
      limit.onSuccess();
    }
    assertThat(limit.current()).isEqualTo(4);
  }

  @Test
  void partialCongestion_lowersInProportion() {
    AdaptiveLimit limit = new AdaptiveLimit(16);
    limit.onCongestion(limit.onSend(), 0.25); // a quarter unprocessed: down an eighth
    assertThat(limit.current()).isEqualTo(14);
  }

  @Test
  void congestion_neverBelowOne() {
    AdaptiveLimit limit = new AdaptiveLimit(2);
    for (int i = 0; i < 10; i++) {
      limit.onCongestion(limit.onSend());
    }
    assertThat(limit.current()).isEqualTo(1);
  }
}
