package dev.slipstream.metrics;

import dev.slipstream.metrics.Aggregate.Key;
import dev.slipstream.metrics.Aggregate.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a {@link Metrics} keeps its aggregates: one per (name, unit, dimensions), capped, idle ones
 * evicted at flush, and a lookup by name that hashes no new key per call. Package-private.
 *
 * <p>The lookup: per metric name, the last few (unit, dimensions as given) pairs with their
 * aggregate, compared by identity first — {@code Map.of(…)} constants and {@code Map.of()} hit
 * there — then by equality. Only a miss merges dimensions, validates and builds a key.
 */
final class MetricRegistry {

  private static final int SHORTCUTS_PER_NAME = 8;
  private static final Shortcut[] NO_SHORTCUTS = {};
  private static final Class<?> IMMUTABLE_MAP_0 = Map.of().getClass();
  private static final Class<?> IMMUTABLE_MAP_1 = Map.of("k", "v").getClass();
  private static final Class<?> IMMUTABLE_MAP_N = Map.of("k", "v", "l", "w").getClass();

  /** Dimensions as a caller gave them, and the aggregate they resolved to. */
  private record Shortcut(Unit unit, Map<String, String> given, Aggregate aggregate) {}

  /** The shortcuts of one name; replaced, never changed in place. */
  private static final class Shortcuts {
    volatile Shortcut[] entries = NO_SHORTCUTS;
  }

  private final Map<String, String> defaultDimensions;
  private final List<List<String>> rollups;
  private final int maxMetrics;
  private final int idleFlushesBeforeEviction;
  private final ConcurrentHashMap<Key, Aggregate> aggregates = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Shortcuts> byName = new ConcurrentHashMap<>();
  /** Every aggregate held, in an array a flush walks faster than the map. */
  private final Object liveLock = new Object();
  private Aggregate[] live = new Aggregate[64]; // guarded by liveLock, as is liveCount
  private int liveCount;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder evicted = new LongAdder();
  /**
   * Distinct values one flush's metrics share, in slices, sized by what the last flush used: new
   * arrays for every flush unless {@code reuseValueArrays} (then only when they must grow).
   */
  private int sharedHint = 16;
  private final boolean reuseValueArrays;
  private int sharedTotal;
  private double[] sharedValues = new double[0]; // the flushing thread's, as are the two below
  private long[] sharedCounts = new long[0];
  private int sharedUsed;
  // The flushing thread's scratch space: a striped aggregate's values merge here, then fill one
  // reused metric.
  private final Stripe distributionScratch = new Stripe(true);
  private final Stripe counterScratch = new Stripe(false);
  private final DrainedMetrics drained = new DrainedMetrics(); // the flushing thread's

  /**
   * @param reuseValueArrays whether a flush may write over the last flush's value arrays: true
   *     only when nothing keeps a batch after it was published (EMF sinks alone)
   */
  MetricRegistry(Map<String, String> defaultDimensions, List<List<String>> rollups,
      int maxMetrics, int idleFlushesBeforeEviction, boolean reuseValueArrays) {
    this.reuseValueArrays = reuseValueArrays;
    this.defaultDimensions = defaultDimensions;
    this.rollups = rollups;
    this.maxMetrics = maxMetrics;
    this.idleFlushesBeforeEviction = idleFlushesBeforeEviction;
  }

  /**
   * The aggregate of a metric recorded by name; null when the cap is reached (counted).
   *
   * @param resolution null for "whatever the metric has"
   */
  Aggregate find(String name, Unit unit, Map<String, String> given, Kind kind,
      Resolution resolution) {
    Shortcuts shortcuts = byName.get(name);
    if (shortcuts != null) {
      Shortcut[] entries = shortcuts.entries;
      for (Shortcut entry : entries) {
        if (entry.given == given && entry.unit == unit && !entry.aggregate.retired()) {
          return checked(entry.aggregate, resolution);
        }
      }
      for (Shortcut entry : entries) {
        if (entry.unit == unit && entry.given.equals(given) && !entry.aggregate.retired()) {
          return checked(entry.aggregate, resolution);
        }
      }
    }
    return resolve(name, unit, given, kind, resolution, false);
  }

  /**
   * The live aggregate of a metric, made if needed; null when the cap is reached (counted).
   * Validates everything a key is made of.
   */
  Aggregate resolve(String name, Unit unit, Map<String, String> given, Kind kind,
      Resolution resolution, boolean timer) {
    Map<String, String> dimensions = Dimensions.merge(Dimensions.checkMetricName(name),
        defaultDimensions, given);
    if (dimensions.containsKey(name)) {
      throw new IllegalArgumentException("metric '" + name + "' has the name of one of its"
          + " dimensions; EMF would not tell them apart");
    }
    Key key = new Key(name, unit, dimensions, timer);
    Aggregate aggregate = aggregates.get(key);
    if (aggregate == null || aggregate.retired()) {
      if (aggregate == null && aggregates.size() >= maxMetrics) {
        dropped.increment();
        return null;
      }
      Resolution chosen = resolution == null ? Resolution.STANDARD : resolution;
      Aggregate made = new Aggregate(key, kind, chosen, dimensionSets(dimensions));
      aggregate = install(key, made);
      if (aggregate == made) {
        synchronized (liveLock) {
          if (liveCount == live.length) {
            live = Arrays.copyOf(live, liveCount * 2);
          }
          live[liveCount++] = made;
        }
      }
    }
    if (!timer) {
      remember(name, unit, given, aggregate);
    }
    return checked(aggregate, resolution);
  }

  /** {@code made} under {@code key} unless a live one is there; whichever is live after. */
  private Aggregate install(Key key, Aggregate made) {
    while (true) { // no compute(…) lambda: nothing to bootstrap on the cold path
      Aggregate existing = aggregates.putIfAbsent(key, made);
      if (existing == null) {
        return made;
      }
      if (!existing.retired()) {
        return existing;
      }
      if (aggregates.replace(key, existing, made)) {
        return made;
      }
    }
  }

  private static Aggregate checked(Aggregate aggregate, Resolution resolution) {
    if (resolution != null && resolution != aggregate.resolution) {
      throw new IllegalArgumentException("metric '" + aggregate.key.name() + "' with dimensions "
          + aggregate.key.dimensions() + " is stored at " + aggregate.resolution
          + " resolution; CloudWatch keeps one resolution per metric, so it cannot also be "
          + resolution);
    }
    return aggregate;
  }

  private void remember(String name, Unit unit, Map<String, String> given, Aggregate aggregate) {
    Map<String, String> kept = isImmutable(given) ? given : Map.copyOf(given);
    Shortcuts shortcuts = byName.get(name);
    if (shortcuts == null) {
      Shortcuts made = new Shortcuts();
      shortcuts = byName.putIfAbsent(name, made);
      if (shortcuts == null) {
        shortcuts = made;
      }
    }
    Shortcut[] old = shortcuts.entries;
    List<Shortcut> next = new ArrayList<>(old.length + 1);
    for (Shortcut entry : old) {
      if (!entry.aggregate.retired() && !(entry.unit == unit && entry.given.equals(given))) {
        next.add(entry);
      }
    }
    next.add(new Shortcut(unit, kept, aggregate));
    if (next.size() > SHORTCUTS_PER_NAME) {
      next.remove(0);
    }
    shortcuts.entries = next.toArray(NO_SHORTCUTS); // a racing update may win: only a cache
  }

  /** Maps nobody can change after the fact: safe to compare by identity. */
  private static boolean isImmutable(Map<String, String> map) {
    Class<?> type = map.getClass();
    return type == IMMUTABLE_MAP_0 || type == IMMUTABLE_MAP_1 || type == IMMUTABLE_MAP_N;
  }

  /** The sets last made, for the dimensions they were made for: most metrics share one map. */
  private volatile DimensionSets lastSets;

  private record DimensionSets(Map<String, String> dimensions, List<List<String>> sets) {}

  /**
   * All dimensions first, then each configured rollup this metric has every dimension of; the
   * same list for metrics with the same dimensions map, so that sinks group them by identity.
   */
  private List<List<String>> dimensionSets(Map<String, String> dimensions) {
    DimensionSets last = lastSets;
    if (last != null && last.dimensions == dimensions) {
      return last.sets;
    }
    List<List<String>> sets = makeDimensionSets(dimensions);
    lastSets = new DimensionSets(dimensions, sets);
    return sets;
  }

  private List<List<String>> makeDimensionSets(Map<String, String> dimensions) {
    List<String> all = List.copyOf(dimensions.keySet());
    if (rollups.isEmpty()) {
      return List.of(all);
    }
    List<List<String>> sets = new ArrayList<>();
    sets.add(all);
    for (List<String> rollup : rollups) {
      if (all.containsAll(rollup) && !sets.contains(rollup)) {
        sets.add(rollup);
      }
    }
    return List.copyOf(sets);
  }

  /**
   * Everything recorded since the last call, in metrics reused by the next call; an aggregate
   * found empty by
   * {@code idleFlushesBeforeEviction} calls in a row (by one, when the cap is reached) is retired
   * and forgotten. The flushing thread's; callers serialize.
   *
   * @param emit false to drop what was recorded
   */
  DrainedMetrics drain(boolean emit) {
    DrainedMetrics data = drained;
    data.reset();
    if (!reuseValueArrays || sharedValues.length < sharedHint) {
      sharedValues = new double[0]; // the last flush's datums keep theirs: never written again
      sharedCounts = new long[0];
    }
    sharedUsed = 0;
    sharedTotal = 0;
    boolean full = aggregates.size() >= maxMetrics;
    Aggregate[] walked;
    int walkedCount;
    synchronized (liveLock) {
      walked = live; // later additions go past walkedCount, or into a copy: never read here
      walkedCount = liveCount;
    }
    int retiredCount = 0;
    for (int i = 0; i < walkedCount; i++) {
      Aggregate aggregate = walked[i];
      boolean found;
      Stripe base = aggregate.lockedBaseIfUnstriped();
      if (base != null) {
        try {
          found = take(aggregate, base, emit, data);
        } finally {
          base.unlock();
        }
      } else {
        Stripe scratch = aggregate.kind == Kind.COUNTER ? counterScratch : distributionScratch;
        aggregate.drainInto(scratch);
        found = take(aggregate, scratch, emit, data);
      }
      if (found) {
        aggregate.idleFlushes = 0;
      } else if (++aggregate.idleFlushes >= idleFlushesBeforeEviction || full) {
        Stripe scratch = aggregate.kind == Kind.COUNTER ? counterScratch : distributionScratch;
        aggregate.retireAndDrainInto(scratch); // a value that came in meanwhile goes out now
        forget(aggregate);
        take(aggregate, scratch, emit, data);
        retiredCount++;
      }
    }
    if (retiredCount > 0) {
      compactLive();
    }
    sharedHint = Math.min(4096, Math.max(16, sharedTotal + sharedTotal / 8));
    return data;
  }

  /** Drops retired aggregates from the live array, keeping any added during the walk. */
  private void compactLive() {
    synchronized (liveLock) {
      Aggregate[] current = live; // the walked entries, then any added since
      Aggregate[] kept = new Aggregate[Math.max(64, Integer.highestOneBit(liveCount) * 2)];
      int count = 0;
      for (int i = 0; i < liveCount; i++) {
        Aggregate aggregate = current[i];
        if (!aggregate.retired()) {
          kept[count++] = aggregate;
        }
      }
      live = kept;
      liveCount = count;
    }
  }

  private void forget(Aggregate aggregate) {
    if (aggregates.remove(aggregate.key, aggregate)) {
      evicted.increment();
    }
    byName.computeIfPresent(aggregate.key.name(), (name, shortcuts) -> {
      Shortcut[] kept = Arrays.stream(shortcuts.entries)
          .filter(entry -> entry.aggregate != aggregate && !entry.aggregate.retired())
          .toArray(Shortcut[]::new);
      shortcuts.entries = kept;
      return kept.length == 0 ? null : shortcuts;
    });
  }

  /** What {@code drained} holds, as metrics in {@code out}, leaving it empty; false if empty. */
  private boolean take(Aggregate aggregate, Stripe drained, boolean emit, DrainedMetrics out) {
    if (drained.samples == 0) {
      return false;
    }
    if (emit) {
      emit(aggregate, drained, out);
    }
    drained.reset();
    return true;
  }

  private void emit(Aggregate aggregate, Stripe drained, DrainedMetrics out) {
    Key key = aggregate.key;
    switch (aggregate.kind) {
      case COUNTER:
        single(out.next(), key.name(), aggregate.emf, key.unit(), aggregate, drained.sum,
            drained.samples);
        break;
      case TIMER:
        distribution(out.next(), aggregate, drained);
        single(out.next(), Timer.COUNT, aggregate.emfCount, Unit.COUNT, aggregate,
            drained.samples, drained.samples);
        single(out.next(), Timer.ERRORS, aggregate.emfErrors, Unit.COUNT, aggregate,
            drained.errors, drained.samples);
        break;
      default:
        distribution(out.next(), aggregate, drained);
    }
  }

  /** Room for {@code distinct} more values in the shared arrays; the offset they start at. */
  private int reserveShared(int distinct) {
    if (sharedUsed + distinct > sharedValues.length) {
      int size = Math.max(sharedHint, distinct); // earlier datums keep the arrays they point into
      sharedValues = new double[size];
      sharedCounts = new long[size];
      sharedUsed = 0;
    }
    int offset = sharedUsed;
    sharedUsed += distinct;
    sharedTotal += distinct;
    return offset;
  }

  /** A one-value metric (a counter's sum, a timer's count or errors) in the shared arrays. */
  private void single(EmfMetric into, String name, EmfParts emf, Unit unit, Aggregate aggregate,
      double value, long samples) {
    int offset = reserveShared(1);
    sharedValues[offset] = value;
    sharedCounts[offset] = 1;
    into.set(name, emf, unit, aggregate.key.dimensions(), aggregate.dimensionSets,
        aggregate.resolution);
    into.values(sharedValues, sharedCounts, offset, 1, 1, value, value, value, samples);
  }

  private void distribution(EmfMetric into, Aggregate aggregate, Stripe drained) {
    int distinct = drained.distinct;
    int offset = reserveShared(distinct);
    drained.takeValues(sharedValues, sharedCounts, offset);
    Key key = aggregate.key;
    into.set(key.name(), aggregate.emf, key.unit(), key.dimensions(), aggregate.dimensionSets,
        aggregate.resolution);
    into.values(sharedValues, sharedCounts, offset, distinct,
        EmfMetric.saturated(drained.samples - drained.overflow), drained.min, drained.max,
        drained.sum, drained.samples);
  }


  /** Values not recorded because the cap was reached. */
  long dropped() {
    return dropped.sum();
  }

  /** Aggregates forgotten for being idle. */
  long evicted() {
    return evicted.sum();
  }

  /** Aggregates held now. */
  int size() {
    return aggregates.size();
  }
}
