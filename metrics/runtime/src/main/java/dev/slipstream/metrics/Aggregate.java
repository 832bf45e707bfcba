package dev.slipstream.metrics;

import java.util.List;
import java.util.Map;

/**
 * One metric's values since the last flush, in {@link Stripe}s: one to begin with, a padded set
 * once two threads have collided on it, each thread then recording into its own stripe. Nothing on
 * the record path allocates or blocks for longer than another thread's single update.
 *
 * <p>An aggregate idle for long enough is <em>retired</em> by the flushing thread: with every
 * stripe locked and empty it is marked so, and from then on refuses values ({@link #record}
 * returns false), so the recorder resolves a fresh one. A value is therefore never recorded into an
 * aggregate that no flush will read. Package-private.
 */
final class Aggregate {

  /** Distinct values kept per metric and batch; beyond, values still count in min/max/sum. */
  static final int MAX_DISTINCT = 1000;
  private static final int MAX_STRIPES =
      Math.min(64, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()))
          * 4);

  enum Kind { DISTRIBUTION, COUNTER, TIMER }

  /**
   * What identifies an aggregate: dimensions merged with the defaults. Its own equals and
   * hashCode: a record's are bootstrapped through invokedynamic on first use, in every cold start.
   */
  record Key(String name, Unit unit, Map<String, String> dimensions, boolean timer) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && name.equals(k.name) && unit == k.unit && timer == k.timer
          && dimensions.equals(k.dimensions);
    }

    @Override
    public int hashCode() {
      return (name.hashCode() * 31 + unit.hashCode()) * 31 + dimensions.hashCode()
          + (timer ? 1 : 0);
    }
  }

  final Key key;
  /** How EMF writes it (for a timer: its latency; then its count and errors). */
  final EmfParts emf;
  final EmfParts emfCount;
  final EmfParts emfErrors;
  final Kind kind;
  final Resolution resolution;
  final List<List<String>> dimensionSets;
  private final Stripe base;
  private volatile Stripe[] cells; // null until two threads collide on base
  private volatile boolean retired;
  /** Flushes in a row that found nothing; the flushing thread's only. */
  int idleFlushes;
  /** The handle given out for it ({@link Metric} or {@link Timer}); created once, may race. */
  volatile Object handle;

  Aggregate(Key key, Kind kind, Resolution resolution, List<List<String>> dimensionSets) {
    this.key = key;
    boolean timer = kind == Kind.TIMER && key != null;
    this.emf = key == null ? null : EmfParts.of(key.name(), key.unit(), resolution);
    this.emfCount = timer ? EmfParts.of(Timer.COUNT, Unit.COUNT, resolution) : null;
    this.emfErrors = timer ? EmfParts.of(Timer.ERRORS, Unit.COUNT, resolution) : null;
    this.kind = kind;
    this.resolution = resolution;
    this.dimensionSets = dimensionSets;
    this.base = new Stripe(kind != Kind.COUNTER);
  }

  /** An aggregate that takes nothing: what a handle holds while the metrics cap is reached. */
  static Aggregate refusing(Key key, Kind kind) {
    Aggregate none = new Aggregate(key, kind, Resolution.STANDARD, List.of());
    none.retired = true;
    return none;
  }

  /**
   * Records one value: a distribution's or timer's value ({@code error} 0 or 1 for a timer), or a
   * counter's increment.
   *
   * @return false if this aggregate is retired and took nothing
   */
  boolean record(double value, int error) {
    Stripe[] striped = cells;
    if (striped == null) {
      Stripe stripe = base;
      if (stripe.tryLock()) {
        return recordLocked(stripe, value, error);
      }
      striped = stripes();
    }
    int mask = striped.length - 1;
    int index = (int) Thread.currentThread().getId();
    for (int tries = 0; ; tries++, index++) {
      Stripe stripe = striped[index & mask];
      if (stripe.tryLock()) {
        return recordLocked(stripe, value, error);
      }
      if (tries > mask) {
        Thread.onSpinWait();
      }
    }
  }

  private boolean recordLocked(Stripe stripe, double value, int error) {
    try {
      if (retired) {
        return false;
      }
      if (kind == Kind.COUNTER) {
        stripe.addToSum(value);
      } else {
        stripe.addValue(value, error);
      }
      return true;
    } finally {
      stripe.unlock();
    }
  }

  /** The striped set, made by the first thread that found the base stripe busy. */
  private Stripe[] stripes() {
    Stripe[] striped = cells;
    if (striped == null) {
      synchronized (this) {
        striped = cells;
        if (striped == null) {
          striped = new Stripe[MAX_STRIPES];
          for (int i = 0; i < striped.length; i++) {
            striped[i] = Stripe.Padded.create(kind != Kind.COUNTER);
          }
          cells = striped;
        }
      }
    }
    return striped;
  }

  boolean retired() {
    return retired;
  }

  /**
   * The one stripe, locked, while no thread has collided on this aggregate (the usual case): a
   * flush then takes its values into a datum without a merge. Null once striped. The caller
   * unlocks it.
   */
  Stripe lockedBaseIfUnstriped() {
    if (cells != null) {
      return null;
    }
    base.lock();
    return base; // a set made meanwhile holds only later values: drained next time
  }

  /**
   * Moves everything recorded so far into {@code into} (an empty stripe the caller owns) and
   * leaves this aggregate empty. Values recorded meanwhile land in the next drain.
   */
  void drainInto(Stripe into) {
    drainStripe(base, into);
    Stripe[] striped = cells;
    if (striped != null) {
      for (Stripe stripe : striped) {
        drainStripe(stripe, into);
      }
    }
  }

  private static void drainStripe(Stripe stripe, Stripe into) {
    stripe.lock();
    try {
      if (stripe.samples != 0) {
        into.mergeFrom(stripe);
        stripe.reset();
      }
    } finally {
      stripe.unlock();
    }
  }

  /**
   * Retires this aggregate and drains what it still holds into {@code into}; the flushing
   * thread's, for an aggregate found idle. Marks first, then takes every lock: a recorder that
   * locked a stripe before the mark was seen has its value drained here, and one that locks after
   * it sees the mark (volatile accesses are totally ordered) and records elsewhere, so a value is
   * either drained or refused, never left behind.
   */
  void retireAndDrainInto(Stripe into) {
    retired = true;
    base.lock();
    Stripe[] striped = cells; // read after the mark: a set made later is seen by its recorders
    if (striped != null) {
      for (Stripe stripe : striped) {
        stripe.lock();
      }
    }
    into.mergeFrom(base);
    base.reset();
    if (striped != null) {
      for (Stripe stripe : striped) {
        into.mergeFrom(stripe);
        stripe.reset();
        stripe.unlock();
      }
    }
    base.unlock();
  }
}
