package dev.slipstream.metrics;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes batches as CloudWatch Embedded Metric Format: one JSON document per line, which Lambda
 * sends to CloudWatch Logs and CloudWatch turns into metrics, with no API call from the function.
 *
 * <p>Within the format's limits: at most {@value #MAX_METRICS_PER_DOCUMENT} metrics per document and
 * {@value #MAX_VALUES_PER_METRIC} values per metric — a batch that holds more is split into several
 * documents; one document per set of dimension values (EMF puts them at the root), naming every
 * {@link MetricDatum#dimensionSets() dimension set} of its metrics. Values are written once per
 * recording (EMF has no counts); counters as their sum; high-resolution metrics carry
 * {@code "StorageResolution":1}.
 *
 * <pre>{@code
 * Metrics metrics = Metrics.builder("UsersApi").sink(EmfSink.stdout()).build();
 * }</pre>
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

  /** Where finished documents go: bytes to a stream, or strings to a consumer. */
  private interface Lines {
    void accept(EmfBuffer document);
  }

  private final Lines out;
  private final EmfBuffer buffer = new EmfBuffer(); // guarded by this: reused per document
  private final Scratch scratch = new Scratch(); // guarded by this: reused per batch

  private EmfSink(Lines out) {
    this.out = out;
  }

  /**
   * Lines to standard output, which Lambda ships to CloudWatch Logs: the one place Slipstream
   * writes to stdout, by design.
   *
   * @return a sink writing to {@link System#out}
   */
  public static EmfSink stdout() {
    return new EmfSink(new Stdout(System.out));
  }

  /**
   * One line per document, its UTF-8 bytes written as they are (no {@code String}, no charset
   * encoder); a class, not a lambda: no lambda bootstrap in a cold start.
   */
  private static final class Stdout implements Lines {
    private final PrintStream out;

    Stdout(PrintStream out) {
      this.out = out;
    }

    @Override
    public void accept(EmfBuffer document) {
      document.put((byte) '\n');
      out.write(document.array(), 0, document.length()); // flushes if the stream autoflushes
    }
  }

  /** Each document as a string to a consumer. */
  private static final class ToConsumer implements Lines {
    private final Consumer<String> lines;

    ToConsumer(Consumer<String> lines) {
      this.lines = lines;
    }

    @Override
    public void accept(EmfBuffer document) {
      lines.accept(document.asString());
    }
  }

  /**
   * Lines to {@code lines}: a logger, a test's list.
   *
   * @param lines takes one JSON document per call, without a line break
   * @return the sink
   */
  public static EmfSink to(Consumer<String> lines) {
    return new EmfSink(new ToConsumer(requireNonNull(lines, "lines must not be null")));
  }

  @Override
  public void publish(MetricBatch batch) {
    synchronized (this) {
      int count = batch.data().size();
      try {
        new Renderer(batch.namespace(), batch.timestamp().toEpochMilli(),
            scratch.copyOf(batch.data()), count, batch.metadata(), buffer, scratch).render(out);
      } finally {
        buffer.trim();
        scratch.trim(count);
      }
    }
  }

  /**
   * Writes metrics drained by {@link Metrics} with EMF sinks only: as {@link #publish} writes the
   * same metrics as datums, without making them.
   */
  void write(String namespace, long timestamp, EmfMetric[] metrics, int count,
      Map<String, String> metadata) {
    synchronized (this) {
      try {
        scratch.prepare(count);
        new Renderer(namespace, timestamp, metrics, count, metadata, buffer, scratch)
            .render(out);
      } finally {
        buffer.trim();
        scratch.trim(0);
      }
    }
  }

  /** The documents of {@code batch}, one JSON object per string. */
  static List<String> render(MetricBatch batch) {
    List<String> documents = new ArrayList<>();
    Scratch scratch = new Scratch();
    new Renderer(batch.namespace(), batch.timestamp().toEpochMilli(),
        scratch.copyOf(batch.data()), batch.data().size(), batch.metadata(), new EmfBuffer(),
        scratch).render(new ToConsumer(documents::add));
    return documents;
  }

  /**
   * A renderer's working arrays, one slot per datum, kept by the sink between batches: a flush
   * every invocation should not allocate them each time. Sized for the largest batch seen, up to
   * {@link #KEPT}.
   */
  private static final class Scratch {
    private static final int KEPT = 4096;

    final DirectiveCache directives = new DirectiveCache();
    /** A batch's datums, copied for writing; reused. */
    EmfMetric[] data;
    boolean[] done;
    int[] members;
    int[] remaining;
    int[] distinctAt;
    long[] usedOfIt;
    int[] part;

    Scratch() {
      allocate(16);
    }

    private void allocate(int length) {
      data = new EmfMetric[length];
      done = new boolean[length];
      members = new int[length];
      remaining = new int[length];
      distinctAt = new int[length];
      usedOfIt = new long[length];
      part = new int[length];
    }

    /** Room for {@code size} metrics, none marked done. */
    void prepare(int size) {
      if (data.length < size) {
        allocate(Math.max(size, 2 * data.length));
      } else {
        Arrays.fill(done, 0, size, false);
      }
    }

    /** {@code datums} copied into {@link #data}, after {@link #prepare}. */
    EmfMetric[] copyOf(List<MetricDatum> datums) {
      prepare(datums.size());
      int i = 0;
      for (MetricDatum datum : datums) {
        EmfMetric metric = data[i];
        if (metric == null) {
          metric = new EmfMetric();
          data[i] = metric;
        }
        metric.copyOf(datum);
        i++;
      }
      return data;
    }

    /** Lets go of the last batch's {@code copied} datums, and of arrays one huge batch grew. */
    void trim(int copied) {
      if (data.length > KEPT) {
        allocate(16);
      } else {
        for (int i = 0; i < copied; i++) {
          data[i].clear();
        }
      }
    }
  }

  /**
   * Writes one batch: metrics grouped by their dimensions (EMF puts dimension values at the
   * root), each group cut into rounds of at most {@value #MAX_VALUES_PER_METRIC} values per metric
   * and documents of at most {@value #MAX_METRICS_PER_DOCUMENT} metrics. Values are read straight
   * from each datum's distinct values and counts through a cursor, so the work is linear in
   * metrics and values and nothing is allocated per value beyond the output. A document whose
   * metrics are those of the same document in a recent batch copies its directive from there
   * ({@link DirectiveCache}).
   */
  private static final class Renderer {
    private static final byte[] HEAD = ascii("{\"_aws\":{\"Timestamp\":");
    private static final byte[] NAMESPACE = ascii(",\"CloudWatchMetrics\":[{\"Namespace\":");
    private static final byte[] DIMENSIONS = ascii(",\"Dimensions\":[");
    private static final byte[] METRICS = ascii("],\"Metrics\":[");
    private static final byte[] END_DIRECTIVE = ascii("]}]}");

    private final String namespace;
    private final long timestamp;
    private final Map<String, String> metadata;
    private final EmfBuffer out;
    private final EmfMetric[] data;
    private final int count;
    private final Scratch scratch;
    /** Documents written so far from this batch. */
    private int documents;

    Renderer(String namespace, long timestamp, EmfMetric[] data, int count,
        Map<String, String> metadata, EmfBuffer out, Scratch scratch) {
      this.namespace = namespace;
      this.timestamp = timestamp;
      this.data = data;
      this.count = count;
      this.metadata = metadata;
      this.out = out;
      this.scratch = scratch;
    }

    private static byte[] ascii(String text) {
      return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    void render(Lines documents) {
      EmfMetric[] data = this.data;
      boolean[] done = scratch.done;
      int[] members = scratch.members;
      for (int first = 0; first < count; first++) {
        if (done[first]) {
          continue;
        }
        EmfMetric lead = data[first];
        int size = 0;
        for (int i = first; i < count; i++) {
          if (!done[i] && sameGroup(lead, data[i])) {
            done[i] = true;
            members[size++] = i;
          }
        }
        renderGroup(lead, members, size, documents);
      }
    }

    private static boolean sameGroup(EmfMetric a, EmfMetric b) {
      return a == b || (a.dimensions == b.dimensions || a.dimensions.equals(b.dimensions))
          && (a.dimensionSets == b.dimensionSets || a.dimensionSets.equals(b.dimensionSets));
    }

    private void renderGroup(EmfMetric lead, int[] members, int size, Lines documents) {
      int[] remaining = scratch.remaining; // values still to write, capped per batch
      int[] distinctAt = scratch.distinctAt; // cursor: the distinct value being written
      long[] usedOfIt = scratch.usedOfIt; // ... and how many times it was written already
      int rounds = 0;
      for (int m = 0; m < size; m++) {
        remaining[m] = (int) Math.min(data[members[m]].written, MAX_VALUES_PER_BATCH);
        distinctAt[m] = 0;
        usedOfIt[m] = 0;
        rounds = Math.max(rounds, (remaining[m] + MAX_VALUES_PER_METRIC - 1)
            / MAX_VALUES_PER_METRIC);
      }
      int[] part = scratch.part;
      int partSize = Math.min(size, MAX_METRICS_PER_DOCUMENT);
      for (int round = 0; round < rounds; round++) {
        int inPart = 0;
        for (int m = 0; m < size; m++) {
          if (remaining[m] > 0) {
            part[inPart++] = m;
            if (inPart == partSize) {
              document(lead, members, size, part, inPart, remaining, distinctAt, usedOfIt);
              documents.accept(out);
              inPart = 0;
            }
          }
        }
        if (inPart > 0) {
          document(lead, members, size, part, inPart, remaining, distinctAt, usedOfIt);
          documents.accept(out);
        }
      }
    }

    private void document(EmfMetric lead, int[] members, int size, int[] part, int inPart,
        int[] remaining, int[] distinctAt, long[] usedOfIt) {
      EmfBuffer out = this.out;
      out.reset();
      out.put(HEAD).putLong(timestamp);
      int position = documents++;
      DirectiveCache directives = scratch.directives;
      byte[] middle = directives.find(position, namespace, lead, data, members, part,
          inPart);
      if (middle != null) {
        out.put(middle, directives.length(position));
      } else {
        int from = out.length();
        directiveAndDimensions(lead, members, part, inPart);
        directives.remember(position, namespace, lead, data, members, part, inPart,
            out.array(), from, out.length());
      }
      values(members, part, inPart, remaining, distinctAt, usedOfIt);
      if (!metadata.isEmpty()) {
        appendMetadata(lead, members, size);
      }
      out.put((byte) '}');
    }

    /** From the namespace to the dimension values: what {@link DirectiveCache} keeps. */
    private void directiveAndDimensions(EmfMetric lead, int[] members, int[] part,
        int inPart) {
      EmfBuffer out = this.out;
      out.put(NAMESPACE).putString(namespace).put(DIMENSIONS);
      for (int s = 0; s < lead.dimensionSets.size(); s++) {
        if (s > 0) {
          out.put((byte) ',');
        }
        out.put((byte) '[');
        List<String> set = lead.dimensionSets.get(s);
        for (int n = 0; n < set.size(); n++) {
          if (n > 0) {
            out.put((byte) ',');
          }
          out.putString(set.get(n));
        }
        out.put((byte) ']');
      }
      out.put(METRICS);
      for (int i = 0; i < inPart; i++) {
        if (i > 0) {
          out.put((byte) ',');
        }
        out.put(data[members[part[i]]].emf.definition);
      }
      out.put(END_DIRECTIVE);
      for (Map.Entry<String, String> dimension : lead.dimensions.entrySet()) {
        out.put((byte) ',').putString(dimension.getKey()).put((byte) ':')
            .putString(dimension.getValue());
      }
    }

    /** Each metric's next values of this round, up to {@value #MAX_VALUES_PER_METRIC}. */
    private void values(int[] members, int[] part, int inPart, int[] remaining,
        int[] distinctAt, long[] usedOfIt) {
      EmfBuffer out = this.out;
      for (int i = 0; i < inPart; i++) {
        int m = part[i];
        EmfMetric datum = data[members[m]];
        int n = Math.min(remaining[m], MAX_VALUES_PER_METRIC);
        remaining[m] -= n;
        out.put(datum.emf.key);
        if (n > 1) {
          out.put((byte) '[');
        }
        int d = datum.offset + distinctAt[m];
        long used = usedOfIt[m];
        for (int v = 0; v < n; v++) {
          if (used == datum.counts[d]) {
            d++;
            used = 0;
          }
          if (v > 0) {
            out.put((byte) ',');
          }
          out.putNumber(datum.values[d]);
          used++;
        }
        distinctAt[m] = d - datum.offset;
        usedOfIt[m] = used;
        if (n > 1) {
          out.put((byte) ']');
        }
      }
    }

    private boolean namesMetric(String key, int[] members, int size) {
      for (int m = 0; m < size; m++) {
        if (data[members[m]].name.equals(key)) {
          return true;
        }
      }
      return false;
    }

    /** Metadata that names no dimension or metric of this group (those would collide). */
    private void appendMetadata(EmfMetric lead, int[] members, int size) {
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        String key = entry.getKey();
        if (lead.dimensions.containsKey(key) || namesMetric(key, members, size)) {
          continue;
        }
        out.put((byte) ',').putString(key).put((byte) ':').putString(entry.getValue());
      }
    }
  }

  @Override
  public String toString() {
    return "EmfSink";
  }
}
