package dev.slipstream.core;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The random numbers Slipstream draws (backoff jitter, TTL jitter), re-seeded after a SnapStart
 * restore. {@code ThreadLocalRandom} and any generator seeded during init are captured in the
 * snapshot: every environment restored from it would draw the same "random" delays, and a fleet
 * would retry in lock-step. {@link Lifecycle} calls {@link #reseed()} after every restore.
 *
 * <pre>{@code
 * long jitter = Randomness.shared().nextLong(100);
 * }</pre>
 *
 * <p>Fast and thread-safe (one generator per thread, seeded from {@link SecureRandom}); not for
 * secrets. A documented singleton.
 */
public final class Randomness {

  private static final SecureRandom SEEDS = new SecureRandom();
  private static final AtomicInteger GENERATION = new AtomicInteger();
  private static final ThreadLocal<Seeded> PER_THREAD = new ThreadLocal<>();
  private static final RandomGenerator SHARED = new RandomGenerator() {
    @Override
    public long nextLong() {
      return current().nextLong();
    }

    @Override
    public String toString() {
      return "Randomness.shared()";
    }
  };

  private Randomness() {}

  private record Seeded(int generation, SplittableRandom random) {}

  /**
   * The shared generator.
   *
   * @return a thread-safe generator, re-seeded after every restore
   */
  public static RandomGenerator shared() {
    return SHARED;
  }

  /** Makes every thread draw a new seed before its next number: after a restore. */
  public static void reseed() {
    GENERATION.incrementAndGet();
  }

  private static SplittableRandom current() {
    int generation = GENERATION.get();
    Seeded seeded = PER_THREAD.get();
    if (seeded == null || seeded.generation() != generation) {
      seeded = new Seeded(generation, new SplittableRandom(SEEDS.nextLong()));
      PER_THREAD.set(seeded);
    }
    return seeded.random();
  }
}
