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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The retry loop shared by reads and writes. The calling thread coordinates: it sends chunks to the
 * executor up to each table's adaptive in-flight limit, takes their completions from a queue, and
 * re-queues what came back unprocessed for the next round. It never waits past the deadline (less
 * the margin): what is in flight then is reported unconfirmed, and requests still queued in the
 * executor are cancelled and reported unprocessed. Only the coordinator touches the per-call
 * counters, so none of them needs a lock; the limits are shared across calls. Package-private.
 *
 * @param <W> one unit of work: a key for reads, a {@code WriteRequest} for writes
 */
final class BatchEngine<W> {

  /** What differs between BatchGetItem and BatchWriteItem. */
  interface Operation<W> {
    String name();

    int maxPerRequest();

    long sizeOf(W entry);

    /**
     * Sends one request; throws what the SDK throws.
     *
     * @param timeout the longest the SDK may take, retries included; null for the client's own
     */
    Reply<W> send(String table, List<W> chunk, Duration timeout);
  }

  /** One request's answer. */
  record Reply<W>(List<Map<String, AttributeValue>> items, List<W> unprocessed, double capacity) {}

  /**
   * One call's outcome: what was read, what DynamoDB left unprocessed (or was never sent), what was
   * in flight when the deadline came, how much was done; {@code failure} is null unless a
   * non-retryable error stopped it.
   */
  record Outcome<W>(Map<String, List<Map<String, AttributeValue>>> items,
      Map<String, List<W>> unprocessed, Map<String, List<W>> unconfirmed, long done,
      BatchStats stats, Failure failure) {}

  /** A non-retryable error and the table whose request raised it. */
  record Failure(String table, Throwable error) {}

  private static final int QUEUED = 0;
  private static final int SENDING = 1;
  private static final int CANCELLED = 2;

  /** Identity-compared: hashing 25 items to track a chunk in flight would be waste. */
  private static final class Chunk<W> {
    private final String table;
    private final List<W> entries;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private long sequence;

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

  private record Completion<W>(Chunk<W> chunk, Reply<W> reply, Throwable error) {}

  private final Operation<W> operation;
  private final DynamoBatch.Settings settings;
  private final Executor executor;
  private final Function<String, AdaptiveLimit> limits;

  // Per-call state, touched only by the coordinating thread.
  private final Map<String, List<Map<String, AttributeValue>>> items = new LinkedHashMap<>();
  private final Map<String, List<W>> unconfirmed = new LinkedHashMap<>();
  private final Map<String, Integer> inFlightByTable = new HashMap<>();
  private Map<String, List<W>> leftovers = new LinkedHashMap<>();
  private long done;
  private int requests;
  private int retries;
  private long resent;
  private long unprocessedReturned;
  private int throttles;
  private double capacity;
  private int lowestLimit = Integer.MAX_VALUE;
  private Failure failure;
  private boolean stopped;

  BatchEngine(Operation<W> operation, DynamoBatch.Settings settings, Executor executor,
      Function<String, AdaptiveLimit> limits) {
    this.operation = operation;
    this.settings = settings;
    this.executor = executor;
    this.limits = limits;
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
        capacity, lowestLimit == Integer.MAX_VALUE ? settings.maxConcurrency() : lowestLimit,
        Duration.ofNanos(ticker.read() - start));
    return new Outcome<>(items, pending, unconfirmed, done, stats, failure);
  }

  private void runRound(Deque<Chunk<W>> queue, Deadline deadline) {
    BlockingQueue<Completion<W>> completions = new LinkedBlockingQueue<>();
    Set<Chunk<W>> inFlight = new HashSet<>();
    while (!queue.isEmpty() || !inFlight.isEmpty()) {
      while (failure == null && !stopped) {
        if (!deadline.allows(Duration.ZERO, settings.deadlineMargin())) {
          stopped = true;
          break;
        }
        Chunk<W> chunk = nextSendable(queue);
        if (chunk == null) {
          break;
        }
        AdaptiveLimit limit = limits.apply(chunk.table());
        chunk.sequence = limit.onSend();
        requests++;
        listen(() -> settings.listener().onRequest(operation.name(), chunk.table(),
            chunk.entries().size()));
        Duration timeout = timeoutFor(deadline);
        try {
          executor.execute(() -> {
            if (chunk.state.compareAndSet(QUEUED, SENDING)) { // else the coordinator gave it up
              completions.add(execute(chunk, timeout));
            }
          });
          inFlight.add(chunk);
          inFlightByTable.merge(chunk.table(), 1, Integer::sum);
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
        completion = next(completions, deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the caller gave up: as if the deadline had come
        completion = null;
      }
      if (completion == null) {
        stopped = true;
        for (Chunk<W> chunk : inFlight) {
          if (chunk.state.compareAndSet(QUEUED, CANCELLED)) {
            addLeftovers(chunk.table(), chunk.entries()); // never sent: certainly not done
          } else {
            unconfirmed.computeIfAbsent(chunk.table(), t -> new ArrayList<>())
                .addAll(chunk.entries()); // sent, no answer yet: maybe done, maybe not
          }
        }
        inFlight.clear();
        break;
      }
      inFlight.remove(completion.chunk());
      inFlightByTable.merge(completion.chunk().table(), -1, Integer::sum);
      handle(completion);
    }
    queue.forEach(c -> addLeftovers(c.table(), c.entries()));
  }

  /** The first queued chunk whose table is below its limit, removed from the queue; or null. */
  private Chunk<W> nextSendable(Deque<Chunk<W>> queue) {
    Iterator<Chunk<W>> it = queue.iterator();
    while (it.hasNext()) {
      Chunk<W> chunk = it.next();
      int limit = limits.apply(chunk.table()).current();
      lowestLimit = Math.min(lowestLimit, limit);
      if (inFlightByTable.getOrDefault(chunk.table(), 0) < limit) {
        it.remove();
        return chunk;
      }
    }
    return null;
  }

  /** The next completion, waiting no longer than the deadline less the margin; null past it. */
  private Completion<W> next(BlockingQueue<Completion<W>> completions, Deadline deadline)
      throws InterruptedException {
    if (deadline.isUnbounded()) {
      return completions.take();
    }
    long left = deadline.remaining().minus(settings.deadlineMargin()).toNanos();
    return left <= 0 ? completions.poll() : completions.poll(left, TimeUnit.NANOSECONDS);
  }

  /** What the SDK may take for one request: the time left less the margin; null without one. */
  private Duration timeoutFor(Deadline deadline) {
    if (deadline.isUnbounded()) {
      return null;
    }
    Duration left = deadline.remaining().minus(settings.deadlineMargin());
    return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
  }

  private Completion<W> execute(Chunk<W> chunk, Duration timeout) {
    try {
      return new Completion<>(chunk, operation.send(chunk.table(), chunk.entries(), timeout),
          null);
    } catch (RuntimeException | Error e) {
      return new Completion<>(chunk, null, e);
    }
  }

  private void handle(Completion<W> completion) {
    Chunk<W> chunk = completion.chunk();
    String table = chunk.table();
    AdaptiveLimit limit = limits.apply(table);
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
        congestion(limit, chunk.sequence, (double) left / chunk.entries().size());
      } else {
        int before = limit.current();
        limit.onSuccess();
        concurrencyChanged(before, limit.current());
      }
      return;
    }
    Throwable error = completion.error();
    addLeftovers(table, chunk.entries());
    switch (AwsErrors.classify(error)) {
      case THROTTLING:
        throttles++;
        listen(() -> settings.listener().onThrottle(operation.name(), table, chunk.entries().size()));
        congestion(limit, chunk.sequence, 1.0);
        break;
      case SERVER:
      case TRANSIENT:
        congestion(limit, chunk.sequence, 1.0);
        break;
      default:
        if (failure == null) {
          failure = new Failure(table, error);
        }
    }
  }

  private void congestion(AdaptiveLimit limit, long sequence, double severity) {
    int before = limit.current();
    limit.onCongestion(sequence, severity);
    int after = limit.current();
    lowestLimit = Math.min(lowestLimit, after);
    concurrencyChanged(before, after);
  }

  private void concurrencyChanged(int before, int after) {
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
