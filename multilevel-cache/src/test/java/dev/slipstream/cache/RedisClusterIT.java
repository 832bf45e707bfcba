package dev.slipstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisClusterExtension;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TieredCache on a real three-master Redis Cluster. */
class RedisClusterIT {

  @RegisterExtension
  static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  @Test
  void getAll_acrossHashSlots_servedFromL2ByOtherInstance() {
    try (RedisTier tierA = RedisTier.connectCluster(CLUSTER.uris().toArray(String[]::new));
        RedisTier tierB = RedisTier.connectCluster(CLUSTER.uris().get(0))) {
      assertThat(tierA.warm(Duration.ofSeconds(10))).isTrue();
      assertThat(tierB.warm(Duration.ofSeconds(10))).isTrue();
      TieredCache<String> a = TieredCache.builder("clustered", Codec.utf8()).l2(tierA)
          .breaker(Breakers.standalone("a")).build();
      TieredCache<String> b = TieredCache.builder("clustered", Codec.utf8()).l2(tierB)
          .breaker(Breakers.standalone("b")).build();
      List<String> keys = IntStream.range(0, 30).mapToObj(i -> "key-" + i)
          .collect(Collectors.toList());
      Set<Integer> slots = new HashSet<>();
      keys.forEach(k -> slots.add(SlotHash.getSlot("slipstream:clustered:" + k)));
      assertThat(slots).as("keys spread over many slots").hasSizeGreaterThan(10);

      keys.forEach(k -> a.put(k, "v-" + k));

      AtomicInteger bulkCalls = new AtomicInteger();
      Map<String, String> values = b.getAll(keys, missing -> {
        bulkCalls.incrementAndGet();
        return Map.of();
      });

      assertThat(bulkCalls).hasValue(0);
      assertThat(values).hasSize(30).containsEntry("key-7", "v-key-7");
      assertThat(b.stats().l2Hits()).isEqualTo(30);
      assertThat(b.stats().l2Errors()).isZero();
      a.close();
      b.close();
    }
  }

  @Test
  void invalidation_overClusterPubSub_reachesOtherInstance_andFencesLoads() throws Exception {
    try (RedisTier tierA = RedisTier.connectCluster(CLUSTER.uris().get(1));
        RedisTier tierB = RedisTier.connectCluster(CLUSTER.uris().get(2))) {
      TieredCache<String> a = TieredCache.builder("cluster-inv", Codec.utf8()).l2(tierA)
          .breaker(Breakers.standalone("ca")).build();
      TieredCache<String> b = TieredCache.builder("cluster-inv", Codec.utf8()).l2(tierB)
          .breaker(Breakers.standalone("cb")).build();
      java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
      b.onSubscribed(subscribed::countDown);
      assertThat(tierA.warm(Duration.ofSeconds(10))).isTrue();
      assertThat(tierB.warm(Duration.ofSeconds(10))).isTrue();
      assertThat(subscribed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 20; i++) { // keys on every master
        String key = "key-" + i;
        assertThat(b.get(key, k -> "v1")).isEqualTo("v1");
      }
      java.util.concurrent.CountDownLatch heard = new java.util.concurrent.CountDownLatch(20);
      b.onInvalidation(key -> heard.countDown());
      for (int i = 0; i < 20; i++) {
        assertThat(a.put("key-" + i, "v2")).isEqualTo(WriteStatus.CONFIRMED);
      }
      assertThat(heard.await(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("every broadcast reached b through the cluster").isTrue();
      for (int i = 0; i < 20; i++) {
        assertThat(b.get("key-" + i, k -> "reloaded")).isEqualTo("v2");
      }
      assertThat(b.stats().l2Errors()).isZero();
      a.close();
      b.close();
    }
  }
}
