package dev.slipstream.metrics;

import java.util.List;
import java.util.Map;

/**
 * One metric of a batch as {@link EmfSink} writes it, in an object reused from flush to flush: a
 * flush with EMF sinks only fills these from the recording stripes and never makes a
 * {@link MetricDatum} (allocating one per metric was a third of such a flush); a batch of datums
 * is copied into them field by field. The public, immutable form stays {@link MetricDatum}.
 * Package-private, and never handed to user code.
 */
final class EmfMetric {

  String name;
  EmfParts emf;
  Unit unit;
  Map<String, String> dimensions;
  List<List<String>> dimensionSets;
  Resolution resolution;
  /** The values are {@code values[offset .. offset + distinct)}, with their counts. */
  double[] values;
  long[] counts;
  int offset;
  int distinct;
  /** The sum of the counts, saturated: how many values EMF writes before its caps. */
  int written;
  double min;
  double max;
  double sum;
  long samples;

  /*
   * A holder is long-lived and a flush usually refills it with the references it already holds:
   * each reference store is skipped when it would change nothing, which spares the collector's
   * write barrier (with G1, a fence per store into an old object from another region).
   */
  void set(String name, EmfParts emf, Unit unit, Map<String, String> dimensions,
      List<List<String>> dimensionSets, Resolution resolution) {
    if (this.name != name) {
      this.name = name;
    }
    if (this.emf != emf) {
      this.emf = emf;
    }
    if (this.unit != unit) {
      this.unit = unit;
    }
    if (this.dimensions != dimensions) {
      this.dimensions = dimensions;
    }
    if (this.dimensionSets != dimensionSets) {
      this.dimensionSets = dimensionSets;
    }
    if (this.resolution != resolution) {
      this.resolution = resolution;
    }
  }

  void values(double[] values, long[] counts, int offset, int distinct, int written, double min,
      double max, double sum, long samples) {
    if (this.values != values) {
      this.values = values;
    }
    if (this.counts != counts) {
      this.counts = counts;
    }
    this.offset = offset;
    this.distinct = distinct;
    this.written = written;
    this.min = min;
    this.max = max;
    this.sum = sum;
    this.samples = samples;
  }

  /** Takes everything EMF needs from {@code datum}. */
  void copyOf(MetricDatum datum) {
    set(datum.name, datum.emf, datum.unit, datum.dimensions, datum.dimensionSets,
        datum.resolution);
    long total = 0; // a datum does not keep it: added up here, off the EMF-only path
    for (int i = datum.offset; i < datum.offset + datum.distinct; i++) {
      total += datum.counts[i];
    }
    values(datum.values, datum.counts, datum.offset, datum.distinct, saturated(total),
        datum.min(), datum.max(), datum.sum(), datum.sampleCount());
  }

  /** {@code total} as an {@code int}, at most {@code Integer.MAX_VALUE}. */
  static int saturated(long total) {
    return (int) Math.min(total, Integer.MAX_VALUE);
  }

  /** The immutable datum of the same metric, sharing the value arrays (never written after). */
  MetricDatum toDatum() {
    return new MetricDatum(name, emf, unit, dimensions, dimensionSets, resolution, values, counts,
        offset, distinct, min, max, sum, samples);
  }

  /** Lets go of what it points to, so that a pool does not keep old batches alive. */
  void clear() {
    set(null, null, null, null, null, null);
    values = null;
    counts = null;
  }
}
