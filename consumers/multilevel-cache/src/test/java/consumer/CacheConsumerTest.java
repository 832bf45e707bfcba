package consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.cache.BreakerState;
import dev.slipstream.cache.CacheStats;
import dev.slipstream.cache.Codec;
import dev.slipstream.cache.RedisTier;
import dev.slipstream.cache.TieredCache;
import dev.slipstream.cache.WriteStatus;
import dev.slipstream.testing.RuntimeClassPath;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** slipstream-multilevel-cache alone: no AWS SDK, the Netty the build tested, and it degrades. */
class CacheConsumerTest {

  /** The Netty version slipstream-bom aligns, and the reactor's build tested. */
  static final String NETTY = "4.2.18.Final";

  @Test
  void runtimeClassPath_noSdk_nettyAsTested() {
    RuntimeClassPath classPath = RuntimeClassPath.read();
    assertThat(classPath.matching("/software/amazon/awssdk/")).isEmpty();
    assertThat(classPath.matching("/io/netty/")).isNotEmpty()
        .allSatisfy(jar -> assertThat(jar.version()).as(jar.artifactId()).isEqualTo(NETTY));
    assertThat(classPath.artifactIds()).contains("lettuce-core", "caffeine",
        "resilience4j-circuitbreaker", "slipstream-core");
  }

  @Test
  void redisUnreachable_readsAndWritesGoOn_withoutTheSdk() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // closed when the block ends: connections are refused
    }
    try (RedisTier tier = RedisTier.connect("redis://127.0.0.1:" + closedPort)) {
      TieredCache<String> cache = TieredCache.builder("consumer", Codec.utf8()).l2(tier).build();
      for (int i = 0; i < 10; i++) {
        assertThat(cache.get("k" + i, key -> "v-" + key)).isEqualTo("v-k" + i);
      }
      assertThat(cache.put("k0", "changed")).isEqualTo(WriteStatus.PENDING);
      assertThat(cache.get("k0", key -> "reloaded")).isEqualTo("changed");
      CacheStats stats = cache.stats();
      assertThat(stats.breakerState()).isIn(BreakerState.CLOSED, BreakerState.OPEN);
      assertThat(stats.pendingWrites()).isEqualTo(1);
      cache.close();
    }
  }
}
