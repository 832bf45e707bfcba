package dev.slipstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hit-ratio claim, checked on every build: a deterministic simulation, not a timing. */
class HitRatioTest {

  @Test
  void zipfTrace_tieredL1BeatsSeedMapByTenPoints() {
    int[] trace = ZipfTrace.generate(HitRatio.KEYS, 0.9, HitRatio.REQUESTS, 42);
    double seed = HitRatio.seedMap(trace);
    double tiered = HitRatio.tieredL1(trace);
    assertThat(tiered - seed).as("seed %.4f, tiered %.4f", seed, tiered).isGreaterThanOrEqualTo(0.10);
  }

  @Test
  void seedMapCache_evictsInInsertionOrder_evenOnUpdate() {
    SeedMapCache<String> cache = new SeedMapCache<>(2);
    cache.set("a", "1", 60);
    cache.set("b", "2", 60);
    cache.get("a"); // reading does not protect "a": this is not LRU
    cache.set("c", "3", 60);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo("2");
  }
}
