package dev.slipstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Breakers;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a SnapStart snapshot and restore do to caches, driven through the lifecycle's phases (the
 * end-to-end version, under the real Lambda runtime client, is in the example's ITs).
 */
class SnapshotRestoreIT {

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private TieredCache<String> instance(String name) throws InterruptedException {
    RedisTier tier = RedisTier.connect(REDIS.uri());
    closeables.add(tier);
    TieredCache<String> cache = TieredCache.builder(name, Codec.utf8()).l2(tier)
        .breaker(Breakers.standalone(name + closeables.size())).l2Timeout(Duration.ofMillis(500))
        .build();
    closeables.add(0, cache);
    CountDownLatch subscribed = new CountDownLatch(1);
    cache.onSubscribed(subscribed::countDown);
    assertThat(tier.warm(Duration.ofSeconds(10))).isTrue();
    assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
    return cache;
  }

  @Test
  void twoInstancesRestoredFromOneSnapshot_getNewIdentities_andHearEachOtherAgain()
      throws Exception {
    TieredCache<String> a = instance("twins");
    TieredCache<String> b = instance("twins");
    b.shareIdentityWith(a); // as after a restore without renewal: both ids come from the snapshot
    assertThat(b.get("k", k -> "v1")).isEqualTo("v1");
    CountDownLatch heardBefore = new CountDownLatch(1);
    b.onInvalidation(key -> heardBefore.countDown());
    a.put("k", "v2");
    assertThat(heardBefore.await(300, TimeUnit.MILLISECONDS))
        .as("b takes a's broadcast for its own: the bug a restore must not leave").isFalse();

    CountDownLatch resubscribed = new CountDownLatch(2);
    a.onSubscribed(resubscribed::countDown);
    b.onSubscribed(resubscribed::countDown);
    Lifecycle.beforeSnapshot();
    Lifecycle.afterRestore();
    assertThat(resubscribed.await(10, TimeUnit.SECONDS)).as("both tiers reconnected").isTrue();

    assertThat(b.get("k", k -> "unexpected")).isEqualTo("v2");
    CountDownLatch heardAfter = new CountDownLatch(1);
    b.onInvalidation(key -> heardAfter.countDown());
    a.put("k", "v3");
    assertThat(heardAfter.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(b.get("k", k -> "unexpected")).isEqualTo("v3");
  }

  @Test
  void valueCachedBeforeTheSnapshot_changedWhileInIt_notServedAfterRestore() throws Exception {
    TieredCache<String> snapshotted = instance("frozen-in-snapshot");
    assertThat(snapshotted.get("user-7", k -> "old name")).isEqualTo("old name");
    Lifecycle.beforeSnapshot(); // its connections close: it hears nothing until restored

    TieredCache<String> other = instance("frozen-in-snapshot");
    assertThat(other.put("user-7", "new name")).isEqualTo(WriteStatus.CONFIRMED);

    Lifecycle.afterRestore();
    assertThat(snapshotted.get("user-7", k -> "loaded")).isEqualTo("new name");
  }
}
