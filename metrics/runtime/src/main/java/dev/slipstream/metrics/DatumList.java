package dev.slipstream.metrics;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A flush's datums in one array, as {@link MetricBatch#data()} holds them: unmodifiable to sinks
 * (every mutator of {@link AbstractList} throws), appended to only by the flushing thread before
 * the batch is handed out, and read by {@link EmfSink} through its array without a copy.
 * Package-private.
 */
final class DatumList extends AbstractList<MetricDatum> implements RandomAccess {

  private MetricDatum[] array;
  private int size;

  DatumList(int capacity) {
    array = new MetricDatum[Math.max(4, capacity)];
  }

  void append(MetricDatum datum) {
    if (size == array.length) {
      array = Arrays.copyOf(array, size * 2);
    }
    array[size++] = datum;
  }

  /** The backing array; entries {@code 0 .. size() - 1} are the datums. Not to be written. */
  MetricDatum[] array() {
    return array;
  }

  @Override
  public MetricDatum get(int index) {
    return array[Objects.checkIndex(index, size)];
  }

  @Override
  public int size() {
    return size;
  }
}
