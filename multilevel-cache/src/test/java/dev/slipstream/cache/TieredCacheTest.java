package dev.slipstream.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** L1-only behaviour: pure logic, no Redis. */
class TieredCacheTest {

  private final FakeTicker ticker = new FakeTicker();

  private TieredCache<String> cache() {
    return TieredCache.builder("t", Codec.utf8()).ticker(ticker).ttlJitter(0)
        .l1Ttl(Duration.ofSeconds(30)).negativeTtl(Duration.ofSeconds(5)).build();
  }

  @Test
  void builder_everySettingOnce() {
    TieredCache.Builder<String> builder = TieredCache.builder("users", Codec.utf8())
        .l1Ttl(Duration.ofSeconds(5));
    assertThatThrownBy(() -> builder.l1Ttl(Duration.ofSeconds(9)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("l1Ttl was already set; each builder setting may be set once");
    assertThatThrownBy(() -> builder.listenForInvalidations(false).listenForInvalidations(true))
        .hasMessageStartingWith("listenForInvalidations was already set");
  }

  @Test
  void get_loadsOnceThenServesFromL1() {
    TieredCache<String> cache = cache();
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(loads).hasValue(1);
    CacheStats stats = cache.stats();
    assertThat(stats.l1Hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.loads()).isEqualTo(1);
    assertThat(stats.breakerState()).isNull();
  }

  @Test
  void get_afterL1Ttl_reloads() {
    TieredCache<String> cache = cache();
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", k -> "v" + loads.incrementAndGet());
    ticker.advance(Duration.ofSeconds(29));
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    ticker.advance(Duration.ofSeconds(2));
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
  }

  @Test
  void get_loaderReturnsNull_cachedAsAbsentForNegativeTtl() {
    TieredCache<String> cache = cache();
    AtomicInteger loads = new AtomicInteger();
    Loader<String> absent = k -> {
      loads.incrementAndGet();
      return null;
    };
    assertThat(cache.get("k", absent)).isNull();
    assertThat(cache.get("k", absent)).isNull();
    assertThat(loads).hasValue(1);
    ticker.advance(Duration.ofSeconds(6));
    assertThat(cache.get("k", absent)).isNull();
    assertThat(loads).hasValue(2);
  }

  @Test
  void get_loaderThrows_keyInMessage_notCached() {
    TieredCache<String> cache = cache();
    assertThatThrownBy(() -> cache.get("user-7", k -> {
      throw new IOException("table unavailable");
    }))
        .isInstanceOf(CacheLoadException.class)
        .hasMessageContaining("'user-7'")
        .hasMessageContaining("cache 't'")
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(cache.get("user-7", k -> "ok")).isEqualTo("ok");
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
  }

  @Test
  void getAll_oneBulkCallForMisses_absentKeysLeftOut() {
    TieredCache<String> cache = cache();
    cache.get("a", k -> "A");
    List<Set<String>> calls = new CopyOnWriteArrayList<>();
    Map<String, String> result = cache.getAll(List.of("a", "b", "c", "b"), keys -> {
      calls.add(Set.copyOf(keys));
      Map<String, String> found = new HashMap<>();
      found.put("b", "B");
      return found;
    });
    assertThat(result).containsExactly(Map.entry("a", "A"), Map.entry("b", "B"));
    assertThat(calls).containsExactly(Set.of("b", "c"));
    // "c" is now a tombstone: no second bulk call.
    cache.getAll(List.of("b", "c"), keys -> {
      calls.add(Set.copyOf(keys));
      return Map.of();
    });
    assertThat(calls).hasSize(1);
  }

  @Test
  void refreshAfter_servesStaleWhileOneReloadRuns() {
    List<Runnable> background = new ArrayList<>();
    TieredCache<String> cache = TieredCache.builder("r", Codec.utf8()).ticker(ticker).ttlJitter(0)
        .l1Ttl(Duration.ofSeconds(30)).refreshAfter(Duration.ofSeconds(10))
        .executor(background::add).build();
    AtomicInteger loads = new AtomicInteger();
    Loader<String> loader = k -> "v" + loads.incrementAndGet();
    cache.get("k", loader);
    ticker.advance(Duration.ofSeconds(11));
    assertThat(cache.get("k", loader)).isEqualTo("v1");
    assertThat(cache.get("k", loader)).isEqualTo("v1");
    assertThat(background).as("one reload, not two").hasSize(1);
    background.get(0).run();
    assertThat(cache.get("k", loader)).isEqualTo("v2");
  }

  @Test
  void put_andInvalidate_actOnL1() {
    TieredCache<String> cache = cache();
    cache.put("k", "x");
    assertThat(cache.get("k", k -> "loaded")).isEqualTo("x");
    cache.invalidate("k");
    assertThat(cache.get("k", k -> "loaded")).isEqualTo("loaded");
    cache.invalidateAll();
    assertThat(cache.l1Size()).isZero();
  }

  @Test
  void badInput_clearErrors() {
    TieredCache<String> cache = TieredCache.builder("t", Codec.utf8()).maxKeyBytes(16).build();
    assertThatThrownBy(() -> cache.get("k".repeat(50), k -> "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key for cache 't' is 50 bytes, over the 16-byte limit");
    assertThatThrownBy(() -> cache.get(null, k -> "v")).hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.put("k", null))
        .hasMessage("value must not be null; use invalidate(key) to remove a key");
    assertThatThrownBy(() -> TieredCache.builder("t", Codec.utf8()).l2Timeout(Duration.ZERO))
        .hasMessage("l2Timeout must be greater than zero, but was PT0S");
    assertThatThrownBy(() -> TieredCache.builder("t", Codec.utf8()).ttlJitter(0.9))
        .hasMessage("ttlJitter must be between 0 and 0.5, but was 0.9");
    assertThatThrownBy(() -> TieredCache.builder("t", Codec.utf8())
        .refreshAfter(Duration.ofMinutes(5)).build())
        .hasMessageContaining("must be shorter than l1Ttl");
    assertThatThrownBy(() -> RedisTier.connect("http://nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a Redis URI: 'http://nope'");
  }

  record User(String id, String name) {}

  @Test
  void codecs_roundTrip() {
    Codec<User> json = Codec.json(User.class);
    User user = new User("1", "Ada");
    assertThat(json.decode(json.encode(user))).isEqualTo(user);
    assertThat(Codec.utf8().decode(Codec.utf8().encode("héllo"))).isEqualTo("héllo");
    assertThatThrownBy(() -> json.decode(new byte[] {1, 2, 3})).isInstanceOf(RuntimeException.class);
  }

  @Test
  void frame_kindsAndMalformedFrames() {
    byte[] framed = Frame.value(new byte[] {7});
    assertThat(Frame.kind(framed)).isEqualTo(Frame.VALUE);
    assertThat(Frame.servable(framed)).isTrue();
    assertThat(Frame.payload(framed)).containsExactly(7);
    assertThat(Frame.kind(Frame.absent())).isEqualTo(Frame.ABSENT);
    assertThat(Frame.servable(Frame.absent())).isTrue();
    assertThat(Frame.kind(Frame.lease(42))).isEqualTo(Frame.LEASE);
    assertThat(Frame.lease(42)).isNotEqualTo(Frame.lease(43)).hasSize(Frame.LEASE_LENGTH);
    assertThat(Frame.kind(Frame.invalidated())).isEqualTo(Frame.INVALIDATED);
    assertThat(Frame.servable(Frame.invalidated())).isFalse();
    assertThat(Frame.kind(new byte[] {9, 0, 1})).as("unknown version").isEqualTo(-1);
    assertThat(Frame.kind(new byte[] {1, 7})).as("unknown kind").isEqualTo(-1);
    assertThat(Frame.kind(new byte[] {1, 1, 5})).as("tombstone with a payload").isEqualTo(-1);
    assertThat(Frame.kind(new byte[] {1})).isEqualTo(-1);
    assertThat(Frame.kind("garbage".getBytes())).isEqualTo(-1);
  }
}
