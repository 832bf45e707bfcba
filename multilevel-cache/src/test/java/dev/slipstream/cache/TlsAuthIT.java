package dev.slipstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rediss:// with AUTH, as ElastiCache with in-transit encryption requires. */
class TlsAuthIT {

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension()
      .withTls().withPassword("s3cret-token");

  @Test
  void tlsWithPassword_sharesValuesThroughL2() {
    assertThat(REDIS.uri()).startsWith("rediss://:s3cret-token@");
    try (RedisTier tier = RedisTier.connect(REDIS.uri())) {
      assertThat(tier.warm(Duration.ofSeconds(10))).as("TLS connect and AUTH").isTrue();
      TieredCache<String> a = TieredCache.builder("tls", Codec.utf8()).l2(tier)
          .breaker(Breakers.standalone("tls-a")).build();
      TieredCache<String> b = TieredCache.builder("tls", Codec.utf8()).l2(tier)
          .breaker(Breakers.standalone("tls-b")).build();
      a.put("k", "over tls");
      assertThat(b.get("k", k -> "not from L2")).isEqualTo("over tls");
      assertThat(b.stats().l2Hits()).isEqualTo(1);
      assertThat(tier.isConnected()).isTrue();
      assertThat(tier.toString()).contains("rediss://127.0.0.1").doesNotContain("s3cret");
    }
  }

  @Test
  void wrongPassword_degradesToLoader() {
    String wrong = REDIS.uri().replace("s3cret-token", "wrong");
    try (RedisTier tier = RedisTier.connect(wrong)) {
      TieredCache<String> cache = TieredCache.builder("tls-wrong", Codec.utf8()).l2(tier)
          .breaker(Breakers.standalone("tls-wrong")).build();
      assertThat(tier.warm(Duration.ofSeconds(10))).as("AUTH refused").isFalse();
      assertThat(cache.get("k", k -> "loaded")).isEqualTo("loaded");
      assertThat(cache.stats().l2Errors()).isPositive();
    }
  }
}
