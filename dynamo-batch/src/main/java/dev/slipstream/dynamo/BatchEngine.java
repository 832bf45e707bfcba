package dev.slipstream.dynamo;

import dev.slipstream.core.AwsErrors;
import dev.slipstream.core.Backoff;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Sleeper;
import dev.slipstream.core.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The retry loop shared by reads and writes. The calling thread coordinates: it sends chunks to the
 * executor up to the adaptive in-flight limit, takes their completions from a queue, and re-queues
 * what came back unprocessed for the next round. Only the coordinator touches the counters and the
 * limit, so none of them needs a lock. Package-private.
 *
 * @param <W> one unit of work: a key for reads, a {@code WriteRequest} for writes
 */
final class BatchEngine<W> {

  /** What differs between BatchGetItem and BatchWriteItem. */
  interface Operation<W> {
    String name();

    int maxPerRequest();

    long sizeOf(W entry);

    /** Sends one request; throws what the SDK throws. */
    Reply<W> send(String table, List<W> chunk);
  }

  /** One request's answer. */
  record Reply<W>(List<Map<String, AttributeValue>> items, List<W> unprocessed, double capacity) {}

  /** One call's outcome; {@code failure} is null unless a non-retryable error stopped it. */
  record Outcome<W>(Map<String, List<Map<String, AttributeValue>>> items,
      Map<String, List<W>> unprocessed, long done, BatchStats stats, Failure failure) {}

  /** A non-retryable error and the table whose request raised it. */
  record Failure(String table, Throwable error) {}

  /** Identity-compared: hashing 25 items to track a chunk in flight would be waste. */
  private static final class Chunk<W> {
    private final String table;
    private final List<W> entries;

    Chunk(String table, List<W> entries) {
      this.table = table;
      this.entries = entries;
    }

    String table() {
      return table;
    }

    List<W> entries() {
      return entries;
    }
  }

  private record Completion<W>(Chunk<W> chunk, long sequence, Reply<W> reply, Throwable error) {}

  private final Operation<W> operation;
  private final DynamoBatch.Settings settings;
  private final Executor executor;

  // Per-call state, touched only by the coordinating thread.
  private final AdaptiveLimit limit;
  private final Map<String, List<Map<String, AttributeValue>>> items = new LinkedHashMap<>();
  private Map<String, List<W>> leftovers = new LinkedHashMap<>();
  private long done;
  private int requests;
  private int retries;
  private long resent;
  private long unprocessedReturned;
  private int throttles;
  private double capacity;
  private Failure failure;
  private boolean stopped;

  BatchEngine(Operation<W> operation, DynamoBatch.Settings settings, Executor executor) {
    this.operation = operation;
    this.settings = settings;
    this.executor = executor;
    this.limit = new AdaptiveLimit(settings.maxConcurrency());
  }

  Outcome<W> run(Map<String, List<W>> work, Deadline deadline) {
    Ticker ticker = settings.ticker();
    long start = ticker.read();
    Backoff backoff = settings.backoff();
    Sleeper sleeper = settings.sleeper();
    Map<String, List<W>> pending = work;
    Duration previousDelay = null;
    int attempts = 0;
    while (!pending.isEmpty()) {
      attempts++;
      leftovers = new LinkedHashMap<>();
      runRound(chunk(pending), deadline);
      pending = leftovers;
      if (failure != null || stopped || pending.isEmpty() || !backoff.allowsAnotherAttempt(attempts)) {
        break;
      }
      Duration delay = backoff.delay(attempts - 1, previousDelay);
      if (!deadline.allows(delay, settings.deadlineMargin())) {
        break;
      }
      int remaining = count(pending);
      retries++;
      resent += remaining;
      int retry = attempts;
      listen(() -> settings.listener().onRetry(operation.name(), retry, remaining, delay));
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      previousDelay = delay;
    }
    BatchStats stats = new BatchStats(requests, retries, resent, unprocessedReturned, throttles,
        capacity, limit.lowest(), Duration.ofNanos(ticker.read() - start));
    return new Outcome<>(items, pending, done, stats, failure);
  }

  private void runRound(Deque<Chunk<W>> queue, Deadline deadline) {
    BlockingQueue<Completion<W>> completions = new LinkedBlockingQueue<>();
    Set<Chunk<W>> inFlight = new HashSet<>();
    while (!queue.isEmpty() || !inFlight.isEmpty()) {
      while (!queue.isEmpty() && inFlight.size() < limit.current() && failure == null && !stopped) {
        if (deadline.expired()) {
          stopped = true;
          break;
        }
        Chunk<W> chunk = queue.poll();
        long sequence = limit.onSend();
        requests++;
        listen(() -> settings.listener().onRequest(operation.name(), chunk.table(),
            chunk.entries().size()));
        try {
          executor.execute(() -> completions.add(execute(chunk, sequence)));
          inFlight.add(chunk);
        } catch (RejectedExecutionException e) {
          failure = new Failure(chunk.table(), e);
          addLeftovers(chunk.table(), chunk.entries());
        }
      }
      if (inFlight.isEmpty()) {
        break;
      }
      Completion<W> completion;
      try {
        completion = completions.take();
      } catch (InterruptedException e) {
        // The caller gave up: report everything unconfirmed as unprocessed and return.
        Thread.currentThread().interrupt();
        stopped = true;
        inFlight.forEach(c -> addLeftovers(c.table(), c.entries()));
        break;
      }
      inFlight.remove(completion.chunk());
      handle(completion);
    }
    queue.forEach(c -> addLeftovers(c.table(), c.entries()));
  }

  private Completion<W> execute(Chunk<W> chunk, long sequence) {
    try {
      return new Completion<>(chunk, sequence, operation.send(chunk.table(), chunk.entries()), null);
    } catch (RuntimeException | Error e) {
      return new Completion<>(chunk, sequence, null, e);
    }
  }

  private void handle(Completion<W> completion) {
    Chunk<W> chunk = completion.chunk();
    String table = chunk.table();
    if (completion.error() == null) {
      Reply<W> reply = completion.reply();
      if (!reply.items().isEmpty()) {
        items.computeIfAbsent(table, t -> new ArrayList<>()).addAll(reply.items());
      }
      capacity += reply.capacity();
      int left = reply.unprocessed().size();
      done += chunk.entries().size() - left;
      if (left > 0) {
        unprocessedReturned += left;
        addLeftovers(table, reply.unprocessed());
        listen(() -> settings.listener().onUnprocessed(operation.name(), table, left));
        congestion(completion.sequence(), (double) left / chunk.entries().size());
      } else {
        int before = limit.current();
        limit.onSuccess();
        concurrencyChanged(before);
      }
      return;
    }
    Throwable error = completion.error();
    addLeftovers(table, chunk.entries());
    switch (AwsErrors.classify(error)) {
      case THROTTLING:
        throttles++;
        listen(() -> settings.listener().onThrottle(operation.name(), table, chunk.entries().size()));
        congestion(completion.sequence(), 1.0);
        break;
      case SERVER:
      case TRANSIENT:
        congestion(completion.sequence(), 1.0);
        break;
      default:
        if (failure == null) {
          failure = new Failure(table, error);
        }
    }
  }

  private void congestion(long sequence, double severity) {
    int before = limit.current();
    limit.onCongestion(sequence, severity);
    concurrencyChanged(before);
  }

  private void concurrencyChanged(int before) {
    int after = limit.current();
    if (after != before) {
      listen(() -> settings.listener().onConcurrencyChange(operation.name(), before, after));
    }
  }

  private void addLeftovers(String table, List<W> entries) {
    leftovers.computeIfAbsent(table, t -> new ArrayList<>()).addAll(entries);
  }

  /** Chunks of at most maxPerRequest entries and {@link ItemSizes#MAX_REQUEST_BYTES}, one table each. */
  private Deque<Chunk<W>> chunk(Map<String, List<W>> work) {
    Deque<Chunk<W>> chunks = new ArrayDeque<>();
    int max = operation.maxPerRequest();
    work.forEach((table, entries) -> {
      List<W> current = new ArrayList<>(Math.min(max, entries.size()));
      long bytes = 0;
      for (W entry : entries) {
        long size = operation.sizeOf(entry);
        if (current.size() == max || (!current.isEmpty() && bytes + size > ItemSizes.MAX_REQUEST_BYTES)) {
          chunks.add(new Chunk<>(table, current));
          current = new ArrayList<>(max);
          bytes = 0;
        }
        current.add(entry);
        bytes += size;
      }
      if (!current.isEmpty()) {
        chunks.add(new Chunk<>(table, current));
      }
    });
    return chunks;
  }

  private static int count(Map<String, ? extends List<?>> byTable) {
    return byTable.values().stream().mapToInt(List::size).sum();
  }

  private static void listen(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      DynamoBatch.LOG.warn("A BatchListener threw; ignored", e);
    }
  }
}
