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
  private final LongAdder dropped = new LongAdder();
  private final LongAdder evicted = new LongAdder();
  // The flushing thread's scratch space: drained values merge here, then become one datum.
  private final Stripe distributionScratch = new Stripe(true);
  private final Stripe counterScratch = new Stripe(false);

  MetricRegistry(Map<String, String> defaultDimensions, List<List<String>> rollups,
      int maxMetrics, int idleFlushesBeforeEviction) {
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
      aggregate = aggregates.compute(key, (k, old) -> old != null && !old.retired() ? old
          : new Aggregate(k, kind, chosen, dimensionSets(dimensions)));
    }
    if (!timer) {
      remember(name, unit, given, aggregate);
    }
    return checked(aggregate, resolution);
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
    Shortcuts shortcuts = byName.computeIfAbsent(name, n -> new Shortcuts());
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

  /** All dimensions first, then each configured rollup this metric has every dimension of. */
  private List<List<String>> dimensionSets(Map<String, String> dimensions) {
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
   * Everything recorded since the last call, as datums; an aggregate found empty by
   * {@code idleFlushesBeforeEviction} calls in a row (by one, when the cap is reached) is retired
   * and forgotten. The flushing thread's; callers serialize.
   *
   * @param emit false to drop what was recorded
   */
  List<MetricDatum> drain(boolean emit) {
    List<MetricDatum> data = new ArrayList<>();
    boolean full = aggregates.size() >= maxMetrics;
    for (Aggregate aggregate : aggregates.values()) {
      Stripe scratch = aggregate.kind == Kind.COUNTER ? counterScratch : distributionScratch;
      aggregate.drainInto(scratch);
      if (scratch.samples != 0) {
        aggregate.idleFlushes = 0;
      } else if (++aggregate.idleFlushes >= idleFlushesBeforeEviction || full) {
        aggregate.retireAndDrainInto(scratch); // a value that came in meanwhile goes out now
        forget(aggregate);
      }
      if (scratch.samples != 0) {
        if (emit) {
          emit(aggregate, scratch, data);
        }
        scratch.reset();
      }
    }
    return data;
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

  private static void emit(Aggregate aggregate, Stripe drained, List<MetricDatum> out) {
    Key key = aggregate.key;
    switch (aggregate.kind) {
      case COUNTER:
        out.add(MetricDatum.single(key.name(), key.unit(), key.dimensions(),
            aggregate.dimensionSets, aggregate.resolution, drained.sum, drained.samples));
        break;
      case TIMER:
        out.add(distribution(aggregate, drained));
        out.add(MetricDatum.single(Timer.COUNT, Unit.COUNT, key.dimensions(),
            aggregate.dimensionSets, aggregate.resolution, drained.samples, drained.samples));
        out.add(MetricDatum.single(Timer.ERRORS, Unit.COUNT, key.dimensions(),
            aggregate.dimensionSets, aggregate.resolution, drained.errors, drained.samples));
        break;
      default:
        out.add(distribution(aggregate, drained));
    }
  }

  private static MetricDatum distribution(Aggregate aggregate, Stripe drained) {
    double[] values = new double[drained.distinct];
    long[] counts = new long[drained.distinct];
    drained.copyValues(values, counts);
    Key key = aggregate.key;
    return new MetricDatum(key.name(), key.unit(), key.dimensions(), aggregate.dimensionSets,
        aggregate.resolution, values, counts, drained.min, drained.max, drained.sum,
        drained.samples);
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
