package dev.slipstream.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What one drain took, as {@link EmfMetric}s the registry reuses from flush to flush: valid until
 * the next drain. Package-private.
 */
final class DrainedMetrics {

  private static final int KEPT = 4096;

  private EmfMetric[] metrics = new EmfMetric[16];
  private int size;

  /** Starts a new drain; forgets a pool one huge drain grew. */
  void reset() {
    if (metrics.length > KEPT && size * 4 < metrics.length) {
      metrics = new EmfMetric[16];
    }
    size = 0;
  }

  /** The next metric to fill. */
  EmfMetric next() {
    if (size == metrics.length) {
      metrics = Arrays.copyOf(metrics, size * 2);
    }
    EmfMetric metric = metrics[size];
    if (metric == null) {
      metric = new EmfMetric();
      metrics[size] = metric;
    }
    size++;
    return metric;
  }

  /** Entries {@code 0 .. size() - 1} are this drain's. */
  EmfMetric[] array() {
    return metrics;
  }

  int size() {
    return size;
  }

  /** The same metrics as immutable datums in an unmodifiable list, for sinks that may keep them. */
  List<MetricDatum> toDatums() {
    MetricDatum[] data = new MetricDatum[size];
    for (int i = 0; i < size; i++) {
      data[i] = metrics[i].toDatum();
    }
    return Collections.unmodifiableList(Arrays.asList(data));
  }
}
