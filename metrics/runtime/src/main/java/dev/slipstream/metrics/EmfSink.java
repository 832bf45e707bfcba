package dev.slipstream.metrics;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes batches as CloudWatch Embedded Metric Format: one JSON document per line, which Lambda
 * sends to CloudWatch Logs and CloudWatch turns into metrics, with no API call from the function.
 *
 * <p>Within the format's limits: at most {@value #MAX_METRICS_PER_DOCUMENT} metrics per document and
 * {@value #MAX_VALUES_PER_METRIC} values per metric — a batch that holds more is split into several
 * documents; one document per set of dimension values (EMF puts them at the root). Values are
 * written once per recording (EMF has no counts); counters as their sum.
 */
public final class EmfSink implements MetricsSink {

  /** EMF's limit of metrics in one document. */
  public static final int MAX_METRICS_PER_DOCUMENT = 100;
  /** EMF's limit of values of one metric in one document. */
  public static final int MAX_VALUES_PER_METRIC = 100;
  /**
   * Values of one metric written per batch at most (100 documents' worth); beyond, a batch that
   * recorded one metric more often than that keeps its sum, min and max only in the sinks that
   * take them (CloudWatch), not in EMF. Flush per invocation and this is never reached.
   */
  public static final int MAX_VALUES_PER_BATCH = 10_000;

  private final Consumer<String> out;

  private EmfSink(Consumer<String> out) {
    this.out = out;
  }

  /**
   * Lines to standard output, which Lambda ships to CloudWatch Logs: the one place Slipstream
   * writes to stdout, by design.
   */
  public static EmfSink stdout() {
    PrintStream stdout = System.out;
    return new EmfSink(line -> {
      synchronized (stdout) {
        stdout.println(line);
      }
    });
  }

  /** Lines to {@code lines}: a logger, a test's list. */
  public static EmfSink to(Consumer<String> lines) {
    return new EmfSink(requireNonNull(lines, "lines must not be null"));
  }

  @Override
  public void publish(MetricBatch batch) {
    render(batch).forEach(out);
  }

  /** The documents of {@code batch}, one JSON object per string. */
  static List<String> render(MetricBatch batch) {
    Map<Map<String, String>, List<MetricDatum>> byDimensions = new LinkedHashMap<>();
    for (MetricDatum datum : batch.data()) {
      byDimensions.computeIfAbsent(datum.dimensions(), d -> new ArrayList<>()).add(datum);
    }
    List<String> documents = new ArrayList<>();
    byDimensions.forEach((dimensions, data) -> {
      // Round r carries each metric's values r*100 .. r*100+99; each round is then cut into
      // documents of at most 100 metrics.
      List<double[]> valueLists = new ArrayList<>();
      int rounds = 0;
      for (MetricDatum datum : data) {
        double[] values = expand(datum);
        valueLists.add(values);
        rounds = Math.max(rounds, (values.length + MAX_VALUES_PER_METRIC - 1) / MAX_VALUES_PER_METRIC);
      }
      for (int round = 0; round < rounds; round++) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
          if (valueLists.get(i).length > round * MAX_VALUES_PER_METRIC) {
            members.add(i);
          }
        }
        for (int from = 0; from < members.size(); from += MAX_METRICS_PER_DOCUMENT) {
          List<Integer> part = members.subList(from,
              Math.min(members.size(), from + MAX_METRICS_PER_DOCUMENT));
          documents.add(document(batch, dimensions, data, valueLists, part, round));
        }
      }
    });
    return documents;
  }

  private static String document(MetricBatch batch, Map<String, String> dimensions,
      List<MetricDatum> data, List<double[]> valueLists, List<Integer> part, int round) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"_aws\":{\"Timestamp\":").append(batch.timestamp().toEpochMilli())
        .append(",\"CloudWatchMetrics\":[{\"Namespace\":");
    Json.string(json, batch.namespace());
    json.append(",\"Dimensions\":[[");
    boolean first = true;
    for (String name : dimensions.keySet()) {
      if (!first) {
        json.append(',');
      }
      Json.string(json, name);
      first = false;
    }
    json.append("]],\"Metrics\":[");
    for (int i = 0; i < part.size(); i++) {
      MetricDatum datum = data.get(part.get(i));
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"Name\":");
      Json.string(json, datum.name());
      json.append(",\"Unit\":");
      Json.string(json, datum.unit().cloudWatchName());
      json.append('}');
    }
    json.append("]}]}");
    dimensions.forEach((name, value) -> {
      json.append(',');
      Json.string(json, name);
      json.append(':');
      Json.string(json, value);
    });
    for (int index : part) {
      MetricDatum datum = data.get(index);
      double[] values = valueLists.get(index);
      int from = round * MAX_VALUES_PER_METRIC;
      int to = Math.min(values.length, from + MAX_VALUES_PER_METRIC);
      json.append(',');
      Json.string(json, datum.name());
      json.append(':');
      if (to - from == 1) {
        Json.number(json, values[from]);
      } else {
        json.append('[');
        for (int v = from; v < to; v++) {
          if (v > from) {
            json.append(',');
          }
          Json.number(json, values[v]);
        }
        json.append(']');
      }
    }
    batch.metadata().forEach((key, value) -> {
      if (!dimensions.containsKey(key) && data.stream().noneMatch(d -> d.name().equals(key))) {
        json.append(',');
        Json.string(json, key);
        json.append(':');
        Json.string(json, value);
      }
    });
    return json.append('}').toString();
  }

  /** Each value as many times as it was recorded. */
  private static double[] expand(MetricDatum datum) {
    long total = 0;
    for (long count : datum.counts()) {
      total += count;
    }
    double[] values = new double[(int) Math.min(total, MAX_VALUES_PER_BATCH)];
    int i = 0;
    for (int d = 0; d < datum.values().length && i < values.length; d++) {
      for (long c = 0; c < datum.counts()[d] && i < values.length; c++) {
        values[i++] = datum.values()[d];
      }
    }
    return values;
  }

  @Override
  public String toString() {
    return "EmfSink";
  }
}
