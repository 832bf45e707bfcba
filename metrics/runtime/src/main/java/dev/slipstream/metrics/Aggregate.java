package dev.slipstream.metrics;

import java.util.Arrays;
import java.util.Map;

/**
 * One metric's values since the last flush: distinct values with counts in a small open-addressing
 * table (no boxing, no allocation per value), plus min, max, sum and count, under one uncontended
 * lock (a Lambda instance records from one thread at a time). A counter keeps only its sum, in
 * lock-free adders: an add racing a drain lands in the next batch, never nowhere. Package-private.
 */
final class Aggregate {

  /** Distinct values kept per metric and batch; beyond, values still count in min/max/sum. */
  static final int MAX_DISTINCT = 1000;

  private final String name;
  private final Unit unit;
  private final Map<String, String> dimensions;
  private final boolean counter;
  private long[] keys = new long[16]; // Double.doubleToLongBits, EMPTY when free
  private long[] counts = new long[16];
  private int distinct;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double sum;
  private long samples;
  private long overflow;
  private final java.util.concurrent.atomic.LongAdder counterSum =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder counterSamples =
      new java.util.concurrent.atomic.LongAdder();

  private static final long EMPTY = 0x7ff8dead0000beefL; // a NaN payload: never a recorded value

  Aggregate(String name, Unit unit, Map<String, String> dimensions, boolean counter) {
    this.name = name;
    this.unit = unit;
    this.dimensions = dimensions;
    this.counter = counter;
    Arrays.fill(keys, EMPTY);
  }

  void add(double value, long times) {
    if (counter) {
      counterSum.add((long) value * times);
      counterSamples.add(times);
      return;
    }
    addDistribution(value, times);
  }

  private synchronized void addDistribution(double value, long times) {
    addUnlocked(value, times);
  }

  /** For {@link TimerAggregate}, which holds its own lock around this. */
  void addUnlocked(double value, long times) {
    samples += times;
    sum += value * times;
    if (value < min) {
      min = value;
    }
    if (value > max) {
      max = value;
    }
    long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value); // -0.0 and 0.0 are one value
    int mask = keys.length - 1;
    int slot = mix(bits) & mask;
    while (keys[slot] != EMPTY) {
      if (keys[slot] == bits) {
        counts[slot] += times;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (distinct >= MAX_DISTINCT) {
      overflow += times;
      return;
    }
    keys[slot] = bits;
    counts[slot] = times;
    distinct++;
    if (distinct * 2 > keys.length) {
      grow();
    }
  }

  /** The values since the last call, and a fresh start; null if nothing was recorded. */
  MetricDatum drain() {
    if (counter) {
      long n = counterSamples.sumThenReset();
      if (n == 0) {
        return null;
      }
      double total = counterSum.sumThenReset();
      return new MetricDatum(name, unit, dimensions, new double[] {total}, new long[] {1}, total,
          total, total, n);
    }
    return drainDistribution();
  }

  private synchronized MetricDatum drainDistribution() {
    return drainUnlocked();
  }

  /** For {@link TimerAggregate}, which holds its own lock around this. */
  MetricDatum drainUnlocked() {
    if (samples == 0) {
      return null;
    }
    double[] values = new double[distinct];
    long[] valueCounts = new long[distinct];
    int i = 0;
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != EMPTY) {
        values[i] = Double.longBitsToDouble(keys[slot]);
        valueCounts[i] = counts[slot];
        i++;
      }
    }
    MetricDatum datum = new MetricDatum(name, unit, dimensions, values, valueCounts, min, max, sum,
        samples);
    Arrays.fill(keys, EMPTY);
    distinct = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    sum = 0;
    samples = 0;
    overflow = 0;
    return datum;
  }

  synchronized long overflow() {
    return overflow;
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
