package dev.slipstream.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Laid out before a stripe's fields (a superclass's fields come first), so that no other object
 * shares a cache line with a stripe's lock and counters. The {@code int} takes the four bytes
 * right after the object header, where the JVM would otherwise put the subclass's first
 * {@code int} — the lock — next to whatever object lies before the stripe: two threads recording
 * into one metric ran 4x slower in a third of JMH forks until it was there.
 */
abstract class StripeLeftPadding {
  int p00;
  long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}

/** The state of a {@link Stripe}: a spin lock and the values recorded into it. */
abstract class StripeState extends StripeLeftPadding {
  static final long EMPTY = 0x7ff8dead0000beefL; // a NaN payload: never a recorded value
  static final int INITIAL_CAPACITY = 8;

  volatile int lock; // 0 free, 1 held; through LOCK
  int distinct;
  /**
   * The slot of the value added last: while {@link #distinct} is 1, the only one (a table grows
   * only past four values, so growing never leaves it pointing at another).
   */
  int lastSlot;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  double sum;
  long samples;
  long errors;
  long overflow;
  /**
   * Distinct values and their counts, interleaved (one object, one cache miss fewer per flush):
   * {@code Double.doubleToRawLongBits} at even indexes, EMPTY when free; null for counters.
   */
  long[] table;
}

/**
 * One lock's share of an {@link Aggregate}: distinct values with counts in an open-addressing
 * table (no boxing, no allocation per value), plus min, max, sum, count and errors. A thread holds
 * the lock only for one update. Every stripe's fields follow 132 bytes of padding, so they share
 * no cache line with the object before them, wherever the allocator or the collector puts it; the
 * stripes made once threads collide are {@link Padded} after their fields too. Package-private.
 */
class Stripe extends StripeState {

  private static final VarHandle LOCK;

  static {
    try {
      LOCK = MethodHandles.lookup().findVarHandle(StripeState.class, "lock", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  Stripe(boolean distribution) {
    this(distribution ? emptyTable(INITIAL_CAPACITY) : null);
  }

  private Stripe(long[] table) {
    this.table = table;
  }

  private static long[] emptyTable(int capacity) {
    long[] table = new long[2 * capacity];
    for (int i = 0; i < table.length; i += 2) {
      table[i] = EMPTY;
    }
    return table;
  }

  /**
   * A stripe for threads that collide: its fields are also followed by 128 bytes of padding, the
   * width the JDK pads {@code LongAdder}'s cells with (some CPUs fetch cache lines in pairs).
   */
  static final class Padded extends Stripe {
    long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15, q16;

    private Padded(long[] table) {
      super(table);
    }

    static Stripe create(boolean distribution) {
      return new Padded(distribution ? emptyTable(INITIAL_CAPACITY) : null);
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
    long[] t = table;
    int mask = (t.length >> 1) - 1;
    int slot = mix(bits) & mask;
    long key;
    while ((key = t[slot << 1]) != EMPTY) {
      if (key == bits) {
        t[(slot << 1) + 1] += times;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (distinct >= Aggregate.MAX_DISTINCT) {
      overflow += times;
      return;
    }
    t[slot << 1] = bits;
    t[(slot << 1) + 1] = times;
    lastSlot = slot;
    if (++distinct * 4 > t.length) { // more than half the slots
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
    if (table != null) {
      long[] t = other.table;
      for (int i = 0; i < t.length; i += 2) {
        if (t[i] != EMPTY) {
          add(t[i], t[i + 1]);
        }
      }
    }
  }

  /** Forgets everything; a table that grew for one burst shrinks back. Hold the lock. */
  void reset() {
    if (table != null && (distinct > 0 || table.length > 16 * INITIAL_CAPACITY)) {
      if (table.length > 16 * INITIAL_CAPACITY && distinct * 16 < table.length) {
        table = emptyTable(INITIAL_CAPACITY);
      } else {
        for (int i = 0; i < table.length; i += 2) {
          table[i] = EMPTY;
        }
      }
    }
    distinct = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    sum = 0;
    samples = 0;
    errors = 0;
    overflow = 0;
  }

  /**
   * Moves the distinct values and their counts into two arrays from {@code offset} on
   * ({@link #distinct} entries) and empties the table in the same pass; the caller then
   * {@link #reset}s the rest.
   */
  void takeValues(double[] values, long[] valueCounts, int offset) {
    long[] t = table;
    if (distinct == 1) { // most metrics, flushed every invocation: no scan
      int at = lastSlot << 1;
      values[offset] = Double.longBitsToDouble(t[at]);
      valueCounts[offset] = t[at + 1];
      t[at] = EMPTY;
      distinct = 0;
      return;
    }
    int n = offset;
    int end = offset + distinct;
    for (int i = 0; i < t.length && n < end; i += 2) {
      long key = t[i];
      if (key != EMPTY) {
        values[n] = Double.longBitsToDouble(key);
        valueCounts[n] = t[i + 1];
        t[i] = EMPTY;
        n++;
      }
    }
    distinct = 0;
  }

  private void grow() {
    long[] old = table;
    long[] t = emptyTable(old.length); // twice the slots
    int mask = (t.length >> 1) - 1;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != EMPTY) {
        int slot = mix(old[i]) & mask;
        while (t[slot << 1] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        t[slot << 1] = old[i];
        t[(slot << 1) + 1] = old[i + 1];
        lastSlot = slot;
      }
    }
    table = t;
  }

  /**
   * MurmurHash3's 64-bit finalizer. Doubles' low bits are mostly zero (3.5, 12.25, 1000): a single
   * multiply left every such value in one slot.
   */
  private static int mix(long bits) {
    long h = bits ^ (bits >>> 33);
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return (int) (h ^ (h >>> 33));
  }
}
