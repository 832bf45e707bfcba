package dev.slipstream.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/** Fields before a stripe's hot line, so that no other object shares it. */
abstract class StripePadBefore {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/**
 * The hot state of a {@link Stripe}: a spin lock and the values recorded into it. Kept apart from
 * the padding so that the JVM lays these fields out between the two pads.
 */
abstract class StripeState extends StripePadBefore {
  static final long EMPTY = 0x7ff8dead0000beefL; // a NaN payload: never a recorded value
  static final int INITIAL_CAPACITY = 16;

  volatile int lock; // 0 free, 1 held; through LOCK
  int distinct;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  double sum;
  long samples;
  long errors;
  long overflow;
  long[] keys; // Double.doubleToLongBits, EMPTY when free; null for counters
  long[] counts;
}

/**
 * One lock's share of an {@link Aggregate}: distinct values with counts in an open-addressing
 * table (no boxing, no allocation per value), plus min, max, sum, count and errors. A thread holds
 * the lock only for one update; stripes are padded so that two threads recording into two stripes
 * never share a cache line. Package-private.
 */
final class Stripe extends StripeState {
  long p10, p11, p12, p13, p14, p15, p16, p17;

  private static final VarHandle LOCK;

  static {
    try {
      LOCK = MethodHandles.lookup().findVarHandle(StripeState.class, "lock", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  Stripe(boolean distribution) {
    if (distribution) {
      keys = new long[INITIAL_CAPACITY];
      counts = new long[INITIAL_CAPACITY];
      Arrays.fill(keys, EMPTY);
    }
  }

  boolean tryLock() {
    return lock == 0 && LOCK.compareAndSet(this, 0, 1);
  }

  void lock() {
    while (!tryLock()) {
      Thread.onSpinWait();
    }
  }

  void unlock() {
    LOCK.setRelease(this, 0);
  }

  /** A counter's addition: only the sum and how many additions. Hold the lock. */
  void addToSum(double value) {
    sum += value;
    samples++;
  }

  /** One value of a distribution, {@code error} 0 or 1 (timers). Hold the lock. */
  void addValue(double value, int error) {
    samples++;
    errors += error;
    sum += value;
    if (value < min) {
      min = value;
    }
    if (value > max) {
      max = value;
    }
    add(Double.doubleToRawLongBits(value == 0.0 ? 0.0 : value), 1); // -0.0 and 0.0: one value
  }

  /** Adds {@code times} to the count of the value with these bits; counts overflow past the cap. */
  void add(long bits, long times) {
    long[] k = keys;
    int mask = k.length - 1;
    int slot = mix(bits) & mask;
    long key;
    while ((key = k[slot]) != EMPTY) {
      if (key == bits) {
        counts[slot] += times;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (distinct >= Aggregate.MAX_DISTINCT) {
      overflow += times;
      return;
    }
    k[slot] = bits;
    counts[slot] = times;
    if (++distinct * 2 > k.length) {
      grow();
    }
  }

  /** Adds everything in {@code other} to this one. Hold both locks, or own both. */
  void mergeFrom(Stripe other) {
    samples += other.samples;
    errors += other.errors;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    overflow += other.overflow;
    if (keys != null) {
      long[] k = other.keys;
      for (int slot = 0; slot < k.length; slot++) {
        if (k[slot] != EMPTY) {
          add(k[slot], other.counts[slot]);
        }
      }
    }
  }

  /** Forgets everything; a table that grew for one burst shrinks back. Hold the lock. */
  void reset() {
    if (keys != null) {
      if (keys.length > 4 * INITIAL_CAPACITY && distinct * 8 < keys.length) {
        keys = new long[INITIAL_CAPACITY];
        counts = new long[INITIAL_CAPACITY];
      }
      Arrays.fill(keys, EMPTY);
    }
    distinct = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    sum = 0;
    samples = 0;
    errors = 0;
    overflow = 0;
  }

  /** The distinct values and their counts, in two new arrays of {@link #distinct} entries. */
  void copyValues(double[] values, long[] valueCounts) {
    int i = 0;
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != EMPTY) {
        values[i] = Double.longBitsToDouble(keys[slot]);
        valueCounts[i] = counts[slot];
        i++;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = mix(oldKeys[i]) & mask;
        while (keys[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
      }
    }
  }

  private static int mix(long bits) {
    long h = bits * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
