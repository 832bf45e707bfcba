package dev.slipstream.dynamo;

import dev.slipstream.core.internal.SetOnce;
import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Backoff;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Sleeper;
import dev.slipstream.core.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchGetItem and BatchWriteItem for any number of keys or writes, with nothing dropped.
 *
 * <pre>{@code
 * DynamoBatch batch = DynamoBatch.builder().client(DynamoClients.shared()).build();
 * BatchWriteResult written = batch.putAll("users", items, Deadline.fromRemainingMillis(ms));
 * written.throwIfIncomplete();
 * }</pre>
 *
 * <p>What it promises:
 * <ul>
 *   <li><b>Validated before sending.</b> A null or keyless item, a key with the wrong attributes, an
 *       item over 400 KB, a partition key over 2,048 bytes or a sort key over 1,024 bytes throws
 *       {@link IllegalArgumentException} naming the table and the entry; no request is sent.</li>
 *   <li><b>Duplicates collapsed</b>, keys compared as DynamoDB compares them (numbers by value:
 *       {@code 1}, {@code 1.0} and {@code 1e0} are one key). Identical keys in one read are fetched
 *       once; two writes to one key in one call become the last one (DynamoDB would reject the
 *       whole request).</li>
 *   <li><b>Chunked and parallel.</b> At most 100 keys or 25 writes and 16 MB per request, up to
 *       {@code maxConcurrency} requests per table in flight, on a pool of {@code maxConcurrency}
 *       threads that concurrent calls share. Each table's in-flight limit adapts (AIMD) and is
 *       kept across calls: halved when DynamoDB throttles, lowered in proportion when it leaves
 *       entries unprocessed, raised again by clean responses.</li>
 *   <li><b>Retried, then returned.</b> Unprocessed keys and writes, and whole requests throttled or
 *       failed with a 5xx or a timeout after the SDK's own retries, are retried in rounds with
 *       exponential backoff and full jitter until done, attempts run out, or the next sleep would
 *       pass the deadline. What is left is in the result, never dropped.</li>
 *   <li><b>Returns by the deadline</b> (less {@code deadlineMargin}), requests in flight or not:
 *       each request carries an api-call timeout from the time left, and the call stops waiting
 *       when it runs out. What was in flight then is reported <em>unconfirmed</em> (maybe written,
 *       maybe not), apart from what DynamoDB left <em>unprocessed</em> (certainly not written) and
 *       from the error that stopped a call.</li>
 *   <li><b>Fails fast</b> on errors retrying cannot fix ({@code ValidationException}, a missing
 *       table): {@link DynamoBatchException} names the table and carries what was done.</li>
 * </ul>
 * The order of items in a result is not promised. Instances are thread-safe and meant to be
 * shared; {@link #close()} stops the thread pool a batch made for itself.
 */
public final class DynamoBatch implements AutoCloseable {

  static final Logger LOG = LoggerFactory.getLogger(DynamoBatch.class);

  /** In-flight requests per call by default: enough to hide network latency on a small Lambda. */
  public static final int DEFAULT_MAX_CONCURRENCY = 8;
  /** 25 ms, doubling to 1 s, full jitter, 10 attempts. */
  public static final Backoff DEFAULT_BACKOFF =
      Backoff.exponential(Duration.ofMillis(25), Duration.ofSeconds(1)).withMaxAttempts(10);
  /** DynamoDB's limit of keys per BatchGetItem. */
  public static final int MAX_KEYS_PER_GET = 100;
  /** DynamoDB's limit of writes per BatchWriteItem. */
  public static final int MAX_WRITES_PER_REQUEST = 25;

  /** Resolved settings shared with the engine. Package-private. */
  record Settings(int maxConcurrency, Backoff backoff, Sleeper sleeper, Ticker ticker,
      BatchListener listener, Duration deadlineMargin, boolean consistentRead,
      boolean returnConsumedCapacity) {}

  private final DynamoDbClient client;
  private final Settings settings;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final Map<String, KeySchema> keySchemas = new ConcurrentHashMap<>();
  private final Map<String, AdaptiveLimit> limits = new ConcurrentHashMap<>();

  private DynamoBatch(Builder builder) {
    this.client = builder.client != null ? builder.client : DynamoClients.shared();
    Backoff backoff = builder.backoff != null ? builder.backoff : DEFAULT_BACKOFF;
    if (builder.maxAttempts != null) {
      backoff = backoff.withMaxAttempts(builder.maxAttempts);
    }
    this.settings = new Settings(builder.maxConcurrency, backoff,
        builder.sleeper != null ? builder.sleeper : Sleeper.system(),
        builder.ticker != null ? builder.ticker : Ticker.system(),
        builder.listener != null ? builder.listener : BatchListener.NONE,
        builder.deadlineMargin, builder.consistentRead, builder.returnConsumedCapacity);
    this.keySchemas.putAll(builder.keySchemas);
    if (builder.executor != null) {
      this.executor = builder.executor;
      this.ownedExecutor = null;
    } else {
      // Bounded: every concurrent call shares these threads, so N callers never make N x
      // maxConcurrency threads; requests beyond them queue (and a deadline cancels the queued).
      ThreadPoolExecutor pool = new ThreadPoolExecutor(builder.maxConcurrency,
          builder.maxConcurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          daemonThreads());
      pool.allowCoreThreadTimeOut(true);
      this.ownedExecutor = pool;
      this.executor = ownedExecutor;
    }
  }

  /**
   * A builder with the defaults: the shared client, {@value #DEFAULT_MAX_CONCURRENCY} in flight.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---- reads ---------------------------------------------------------------------------------

  /**
   * Reads every item of {@code keys} from {@code table}, with no deadline.
   *
   * @param table the table's name
   * @param keys exactly the table's key attributes each; duplicates are read once
   * @return the items read and the keys not read
   */
  public BatchGetResult getAll(String table, Collection<? extends Map<String, AttributeValue>> keys) {
    return getAll(table, keys, Deadline.none());
  }

  /**
   * Reads every item of {@code keys} from {@code table}.
   *
   * @param table the table's name
   * @param keys exactly the table's key attributes each; duplicates are read once
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return the items read and the keys not read
   * @throws IllegalArgumentException for a bad key, before anything is sent
   * @throws DynamoBatchException for an error retrying cannot fix
   */
  public BatchGetResult getAll(String table, Collection<? extends Map<String, AttributeValue>> keys,
      Deadline deadline) {
    return getAll(Map.of(requireTable(table), requireNonNull(keys, "keys must not be null")),
        deadline);
  }

  /**
   * Reads from several tables in one call; see {@link #getAll(String, Collection, Deadline)}.
   *
   * @param keysByTable keys to read, by table name
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return the items read and the keys not read
   */
  public BatchGetResult getAll(
      Map<String, ? extends Collection<? extends Map<String, AttributeValue>>> keysByTable,
      Deadline deadline) {
    requireNonNull(keysByTable, "keysByTable must not be null");
    requireNonNull(deadline, "deadline must not be null");
    Map<String, List<Map<String, AttributeValue>>> work = new LinkedHashMap<>();
    keysByTable.forEach((table, keys) -> {
      KeySchema schema = keySchema(requireTable(table));
      Map<List<Object>, Map<String, AttributeValue>> unique = new LinkedHashMap<>();
      int index = 0;
      for (Map<String, AttributeValue> key : requireNonNull(keys, "keys of " + table)) {
        Map<String, AttributeValue> checked = schema.exactKey(key, index++);
        unique.putIfAbsent(schema.identity(checked), checked); // "1" and "1.0": one key
      }
      if (!unique.isEmpty()) {
        work.put(table, new ArrayList<>(unique.values()));
      }
    });
    BatchEngine.Outcome<Map<String, AttributeValue>> outcome =
        new BatchEngine<>(new GetOperation(client, settings), settings, executor, this::limit)
            .run(work, deadline);
    BatchGetResult result = new BatchGetResult(outcome.items(), outcome.unprocessed(),
        outcome.unconfirmed(), outcome.stats());
    if (outcome.failure() != null) {
      throw failure("BatchGetItem", outcome.failure(), result);
    }
    return result;
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * Puts every item into {@code table}, with no deadline.
   *
   * @param table the table's name
   * @param items the items to put
   * @return what was written and what was not
   */
  public BatchWriteResult putAll(String table,
      Collection<? extends Map<String, AttributeValue>> items) {
    return putAll(table, items, Deadline.none());
  }

  /**
   * Puts every item into {@code table}; two items with one key: the last wins.
   *
   * @param table the table's name
   * @param items the items to put
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return what was written and what was not
   * @throws IllegalArgumentException for a bad or oversized item, before anything is sent
   * @throws DynamoBatchException for an error retrying cannot fix
   */
  public BatchWriteResult putAll(String table,
      Collection<? extends Map<String, AttributeValue>> items, Deadline deadline) {
    return putAll(Map.of(requireTable(table), requireNonNull(items, "items must not be null")),
        deadline);
  }

  /**
   * Puts into several tables in one call.
   *
   * @param itemsByTable items to put, by table name
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return what was written and what was not
   */
  public BatchWriteResult putAll(
      Map<String, ? extends Collection<? extends Map<String, AttributeValue>>> itemsByTable,
      Deadline deadline) {
    requireNonNull(itemsByTable, "itemsByTable must not be null");
    return writeAll(toWrites(itemsByTable,
        item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()),
        deadline);
  }

  /**
   * Deletes every key from {@code table}, with no deadline.
   *
   * @param table the table's name
   * @param keys exactly the table's key attributes each
   * @return what was deleted and what was not
   */
  public BatchWriteResult deleteAll(String table,
      Collection<? extends Map<String, AttributeValue>> keys) {
    return deleteAll(table, keys, Deadline.none());
  }

  /**
   * Deletes every key from {@code table}.
   *
   * @param table the table's name
   * @param keys exactly the table's key attributes each
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return what was deleted and what was not
   */
  public BatchWriteResult deleteAll(String table,
      Collection<? extends Map<String, AttributeValue>> keys, Deadline deadline) {
    return deleteAll(Map.of(requireTable(table), requireNonNull(keys, "keys must not be null")),
        deadline);
  }

  /**
   * Deletes from several tables in one call.
   *
   * @param keysByTable keys to delete, by table name
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return what was deleted and what was not
   */
  public BatchWriteResult deleteAll(
      Map<String, ? extends Collection<? extends Map<String, AttributeValue>>> keysByTable,
      Deadline deadline) {
    requireNonNull(keysByTable, "keysByTable must not be null");
    return writeAll(toWrites(keysByTable,
        key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build()),
        deadline);
  }

  /** Each map wrapped as a write; a null stays null, for {@link WriteChecks} to name it. */
  private static Map<String, List<WriteRequest>> toWrites(
      Map<String, ? extends Collection<? extends Map<String, AttributeValue>>> byTable,
      java.util.function.Function<Map<String, AttributeValue>, WriteRequest> wrap) {
    Map<String, List<WriteRequest>> writes = new LinkedHashMap<>();
    byTable.forEach((table, maps) -> {
      List<WriteRequest> list = new ArrayList<>();
      for (Map<String, AttributeValue> map : requireNonNull(maps, "entries of " + table)) {
        list.add(map == null ? null : wrap.apply(map));
      }
      writes.put(table, list);
    });
    return writes;
  }

  /**
   * Puts and deletes, mixed, in several tables: the general form of the write methods.
   *
   * @param writesByTable put and delete requests, by table name
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return what was written and what was not
   * @throws IllegalArgumentException for a bad write, before anything is sent
   * @throws DynamoBatchException for an error retrying cannot fix
   */
  public BatchWriteResult writeAll(
      Map<String, ? extends Collection<WriteRequest>> writesByTable, Deadline deadline) {
    requireNonNull(writesByTable, "writesByTable must not be null");
    requireNonNull(deadline, "deadline must not be null");
    Map<String, List<WriteRequest>> work = new LinkedHashMap<>();
    writesByTable.forEach((table, writes) ->
        work.put(requireTable(table), WriteChecks.deduplicate(keySchema(table), writes)));
    work.values().removeIf(List::isEmpty);
    BatchEngine.Outcome<WriteRequest> outcome =
        new BatchEngine<>(new WriteOperation(client, settings), settings, executor, this::limit)
            .run(work, deadline);
    BatchWriteResult result = new BatchWriteResult(outcome.unprocessed(), outcome.unconfirmed(),
        outcome.done(), outcome.stats());
    if (outcome.failure() != null) {
      throw failure("BatchWriteItem", outcome.failure(), result);
    }
    return result;
  }

  /** Declares {@code table}'s key attributes unless known: from a schema, no DescribeTable. */
  void declareKeys(String table, String partitionKey, String sortKey) {
    keySchemas.putIfAbsent(table, new KeySchema(table, partitionKey, sortKey));
  }

  /** Stops the thread pool this batch made for itself; a supplied executor is left alone. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  /** {@code table}'s in-flight limit, kept across calls. */
  AdaptiveLimit limit(String table) {
    return limits.computeIfAbsent(table, t -> new AdaptiveLimit(settings.maxConcurrency()));
  }

  /** From the builder, or one DescribeTable per table, cached. */
  KeySchema keySchema(String table) {
    return keySchemas.computeIfAbsent(table, this::describe);
  }

  private KeySchema describe(String table) {
    List<KeySchemaElement> elements;
    try {
      elements = client.describeTable(b -> b.tableName(table)).table().keySchema();
    } catch (ResourceNotFoundException e) {
      throw new IllegalArgumentException("table '" + table + "' does not exist"
          + " (DescribeTable: " + e.awsErrorDetails().errorMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not read the key schema of table '" + table
          + "' with DescribeTable; allow dynamodb:DescribeTable or declare it with"
          + " DynamoBatch.builder().keyAttributes(\"" + table + "\", ...)", e);
    }
    String partition = null;
    String sort = null;
    for (KeySchemaElement element : elements) {
      if (element.keyType() == KeyType.HASH) {
        partition = element.attributeName();
      } else if (element.keyType() == KeyType.RANGE) {
        sort = element.attributeName();
      }
    }
    return new KeySchema(table, partition, sort);
  }

  private static DynamoBatchException failure(String operation, BatchEngine.Failure failure,
      BatchResult partial) {
    return new DynamoBatchException(operation + " on table '" + failure.table() + "' failed: "
        + failure.error().getMessage() + "; nothing retried, see partialResult() for what was"
        + " left", failure.table(), partial, failure.error());
  }

  private static String requireTable(String table) {
    requireNonNull(table, "table must not be null");
    if (table.isBlank()) {
      throw new IllegalArgumentException("table must not be blank");
    }
    return table;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "slipstream-dynamo-batch-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Set-once builder: each setting may be set once; a second call throws {@link
   * IllegalStateException} naming it.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private DynamoDbClient client;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private Backoff backoff;
    private Integer maxAttempts;
    private Executor executor;
    private Sleeper sleeper;
    private Ticker ticker;
    private BatchListener listener;
    private Duration deadlineMargin = Duration.ZERO;
    private boolean consistentRead;
    private boolean returnConsumedCapacity;
    private final Map<String, KeySchema> keySchemas = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The client; {@link DynamoClients#shared()} by default.
     *
     * @param client the DynamoDB client
     * @return this builder
     */
    public Builder client(DynamoDbClient client) {
      this.client = once.set("client", requireNonNull(client, "client must not be null"));
      return this;
    }

    /**
     * Requests in flight per call, at most; between 1 and 64. Default
     * {@value DynamoBatch#DEFAULT_MAX_CONCURRENCY}.
     *
     * @param maxConcurrency the starting in-flight limit and its ceiling
     * @return this builder
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1 || maxConcurrency > 64) {
        throw new IllegalArgumentException(
            "maxConcurrency must be between 1 and 64, but was " + maxConcurrency);
      }
      this.maxConcurrency = once.set("maxConcurrency", maxConcurrency);
      return this;
    }

    /**
     * The retry backoff; {@link DynamoBatch#DEFAULT_BACKOFF} by default.
     *
     * @param backoff the delays between retry rounds
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = once.set("backoff", requireNonNull(backoff, "backoff must not be null"));
      return this;
    }

    /**
     * Rounds in all, the first included; overrides the backoff's own. At least 1.
     *
     * @param maxAttempts rounds in all
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
      }
      this.maxAttempts = once.set("maxAttempts", maxAttempts);
      return this;
    }

    /**
     * Where requests run; by default a pool of daemon threads owned by the batch.
     *
     * @param executor runs one request per task; the caller shuts it down
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = once.set("executor", requireNonNull(executor, "executor must not be null"));
      return this;
    }

    /**
     * How backoff waits; for tests.
     *
     * @param sleeper waits between retry rounds
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = once.set("sleeper", requireNonNull(sleeper, "sleeper must not be null"));
      return this;
    }

    /**
     * The time source for stats; for tests.
     *
     * @param ticker the clock for stats and deadlines
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = once.set("ticker", requireNonNull(ticker, "ticker must not be null"));
      return this;
    }

    /**
     * Hears requests, retries, throttles; see {@link BatchListener}.
     *
     * @param listener called on the thread that called the batch, in order; keep it quick
     * @return this builder
     */
    public Builder listener(BatchListener listener) {
      this.listener = once.set("listener", requireNonNull(listener, "listener must not be null"));
      return this;
    }

    /**
     * Time kept free before a deadline: a retry round starts only if its sleep leaves this much.
     *
     * @param margin time kept free; not negative
     * @return this builder
     */
    public Builder deadlineMargin(Duration margin) {
      requireNonNull(margin, "margin must not be null");
      if (margin.isNegative()) {
        throw new IllegalArgumentException("deadlineMargin must not be negative, but was " + margin);
      }
      this.deadlineMargin = once.set("deadlineMargin", margin);
      return this;
    }

    /**
     * Strongly consistent reads (twice the read capacity). Default false.
     *
     * @param consistentRead true for strongly consistent reads
     * @return this builder
     */
    public Builder consistentRead(boolean consistentRead) {
      this.consistentRead = once.set("consistentRead", consistentRead);
      return this;
    }

    /**
     * Asks DynamoDB for consumed capacity, summed in {@link BatchStats#consumedCapacity()}.
     *
     * @param returnConsumedCapacity true to ask for consumed capacity
     * @return this builder
     */
    public Builder returnConsumedCapacity(boolean returnConsumedCapacity) {
      this.returnConsumedCapacity = once.set("returnConsumedCapacity", returnConsumedCapacity);
      return this;
    }

    /**
     * Declares a table's key, saving a DescribeTable call (and its IAM permission).
     *
     * @param table the table's name
     * @param partitionKey the partition key's attribute name
     * @return this builder
     */
    public Builder keyAttributes(String table, String partitionKey) {
      return keyAttributes(table, partitionKey, null);
    }

    /**
     * Declares a table's partition and sort key, saving a DescribeTable call.
     *
     * @param table the table's name
     * @param partitionKey the partition key's attribute name
     * @param sortKey the sort key's attribute name
     * @return this builder
     */
    public Builder keyAttributes(String table, String partitionKey, String sortKey) {
      requireTable(table);
      requireNonNull(partitionKey, "partitionKey must not be null");
      once.mark("keyAttributes(\"" + table + "\")");
      keySchemas.put(table, new KeySchema(table, partitionKey, sortKey));
      return this;
    }

    /**
     * Builds the batch.
     *
     * @return a new batch
     */
    public DynamoBatch build() {
      return new DynamoBatch(this);
    }
  }
}
