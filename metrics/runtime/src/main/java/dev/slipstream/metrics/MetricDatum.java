package dev.slipstream.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One metric's values over one batch, as sinks receive it. Values are distinct, each with how many
 * times it was recorded; a counter has one value, its sum, with count 1. Immutable: the arrays
 * are copied in and out, the maps and lists cannot be changed.
 *
 * <pre>{@code
 * for (MetricDatum datum : batch.data()) {
 *   for (int i = 0; i < datum.distinctValues(); i++) {
 *     send(datum.name(), datum.value(i), datum.count(i));
 *   }
 * }
 * }</pre>
 */
public final class MetricDatum {

  final String name;
  /** How EMF writes it, made once per metric rather than per flush. */
  final EmfParts emf;
  final Unit unit;
  final Map<String, String> dimensions;
  final List<List<String>> dimensionSets;
  final Resolution resolution;
  /** The values are {@code values[offset .. offset + distinct)}: a flush shares two arrays. */
  final double[] values;
  final long[] counts;
  final int offset;
  final int distinct;
  private final double min;
  private final double max;
  private final double sum;
  private final long sampleCount;

  /**
   * A datum at standard resolution, published under all of its dimensions.
   *
   * @param name the metric's name
   * @param unit its unit
   * @param dimensions its dimensions, in the order they are written
   * @param values distinct values (copied)
   * @param counts how often each value was recorded (copied), as many as values
   * @param min the smallest value
   * @param max the largest value
   * @param sum the sum of every recorded value
   * @param sampleCount how many values were recorded
   * @throws IllegalArgumentException if values and counts differ in length
   */
  public MetricDatum(String name, Unit unit, Map<String, String> dimensions, double[] values,
      long[] counts, double min, double max, double sum, long sampleCount) {
    this(requireNonNull(name, "name must not be null"),
        EmfParts.of(name, requireNonNull(unit, "unit must not be null"), Resolution.STANDARD),
        unit,
        Collections.unmodifiableMap(new LinkedHashMap<>(
            requireNonNull(dimensions, "dimensions must not be null"))),
        List.of(List.copyOf(dimensions.keySet())), Resolution.STANDARD,
        requireNonNull(values, "values must not be null").clone(),
        requireNonNull(counts, "counts must not be null").clone(), min, max, sum, sampleCount);
    if (values.length != counts.length) {
      throw new IllegalArgumentException("metric '" + name + "' has " + values.length
          + " values but " + counts.length + " counts; they must pair up");
    }
  }

  /** Takes ownership of everything given: for {@link Metrics}, which shares none of it. */
  MetricDatum(String name, EmfParts emf, Unit unit, Map<String, String> dimensions,
      List<List<String>> dimensionSets, Resolution resolution, double[] values, long[] counts,
      double min, double max, double sum, long sampleCount) {
    this(name, emf, unit, dimensions, dimensionSets, resolution, values, counts, 0,
        values.length, min, max, sum, sampleCount);
  }

  /**
   * A datum whose values are a slice of arrays that the datums of one flush share (and nothing
   * else writes after): one pair of arrays per flush instead of per metric.
   */
  MetricDatum(String name, EmfParts emf, Unit unit, Map<String, String> dimensions,
      List<List<String>> dimensionSets, Resolution resolution, double[] values, long[] counts,
      int offset, int distinct, double min, double max, double sum, long sampleCount) {
    this.name = name;
    this.emf = emf;
    this.unit = unit;
    this.dimensions = dimensions;
    this.dimensionSets = dimensionSets;
    this.resolution = resolution;
    this.values = values;
    this.counts = counts;
    this.offset = offset;
    this.distinct = distinct;
    this.min = min;
    this.max = max;
    this.sum = sum;
    this.sampleCount = sampleCount;
  }

  /** A one-value datum, such as a counter's sum. */
  static MetricDatum single(String name, EmfParts emf, Unit unit,
      Map<String, String> dimensions, List<List<String>> dimensionSets, Resolution resolution,
      double value, long sampleCount) {
    return new MetricDatum(name, emf, unit, dimensions, dimensionSets, resolution,
        new double[] {value}, new long[] {1}, value, value, value, sampleCount);
  }

  /** @return the metric's name */
  public String name() {
    return name;
  }

  /** @return its unit */
  public Unit unit() {
    return unit;
  }

  /** @return its dimensions, default dimensions first; unmodifiable */
  public Map<String, String> dimensions() {
    return dimensions;
  }

  /**
   * The sets of dimension names the metric is published under: the first holds all of
   * {@link #dimensions()}, the others are the {@link Metrics.Builder#dimensionSet rollups} it has
   * every dimension of.
   *
   * @return one or more lists of names; unmodifiable
   */
  public List<List<String>> dimensionSets() {
    return dimensionSets;
  }

  /** @return how finely CloudWatch stores it */
  public Resolution resolution() {
    return resolution;
  }

  /** @return a copy of the distinct values */
  public double[] values() {
    return Arrays.copyOfRange(values, offset, offset + distinct);
  }

  /** @return a copy of how often each value was recorded, in the order of {@link #values()} */
  public long[] counts() {
    return Arrays.copyOfRange(counts, offset, offset + distinct);
  }

  /** @return how many distinct values there are */
  public int distinctValues() {
    return distinct;
  }

  /**
   * One distinct value, without copying.
   *
   * @param index 0 to {@link #distinctValues()} − 1
   * @return the value
   */
  public double value(int index) {
    return values[offset + Objects.checkIndex(index, distinct)];
  }

  /**
   * How often one distinct value was recorded, without copying.
   *
   * @param index 0 to {@link #distinctValues()} − 1
   * @return its count
   */
  public long count(int index) {
    return counts[offset + Objects.checkIndex(index, distinct)];
  }

  /** @return the smallest value */
  public double min() {
    return min;
  }

  /** @return the largest value */
  public double max() {
    return max;
  }

  /** @return the sum of every recorded value */
  public double sum() {
    return sum;
  }

  /** @return how many values were recorded (values beyond the distinct cap count here too) */
  public long sampleCount() {
    return sampleCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricDatum d && name.equals(d.name) && unit == d.unit
        && dimensions.equals(d.dimensions) && dimensionSets.equals(d.dimensionSets)
        && resolution == d.resolution
        && Arrays.equals(values, offset, offset + distinct, d.values, d.offset,
            d.offset + d.distinct)
        && Arrays.equals(counts, offset, offset + distinct, d.counts, d.offset,
            d.offset + d.distinct)
        && Double.compare(min, d.min) == 0
        && Double.compare(max, d.max) == 0 && Double.compare(sum, d.sum) == 0
        && sampleCount == d.sampleCount;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, unit, dimensions, resolution, Arrays.hashCode(values()),
        sampleCount);
  }

  @Override
  public String toString() {
    return "MetricDatum[" + name + " " + unit.cloudWatchName() + " " + dimensions
        + (resolution == Resolution.HIGH ? " high-resolution" : "") + ", " + sampleCount
        + " samples, " + distinct + " distinct, sum " + sum + "]";
  }
}
