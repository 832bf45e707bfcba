package dev.slipstream.dynamo;

import static dev.slipstream.dynamo.DynamoBatchIT.items;
import static dev.slipstream.dynamo.DynamoBatchIT.key;
import static dev.slipstream.dynamo.DynamoBatchIT.pks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Environment;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.faults.FaultyDynamoDb;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Requests in flight when the deadline comes (dynalite stalled with SIGSTOP), limits kept across
 * calls, the shared thread pool, keys compared as DynamoDB compares them.
 */
class InFlightIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();

  private static DynamoDbClient dynamo;

  @BeforeAll
  static void createTables() {
    dynamo = ClientSetup.builder().environment(Environment.of(DYNALITE.awsEnvironment())).build()
        .build(DynamoDbClient.builder());
    for (String table : List.of("stalled", "throttled", "pool")) {
      create(table, ScalarAttributeType.S);
    }
    create("numbers", ScalarAttributeType.N);
  }

  private static void create(String table, ScalarAttributeType type) {
    dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(type).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
  }

  @AfterAll
  static void closeClient() {
    dynamo.close();
  }

  private static Set<String> inTable(String table) {
    return dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
        .map(i -> i.get("pk").s()).collect(Collectors.toSet());
  }

  @Test
  void dynamoStalledMidCall_returnsByTheDeadline_inFlightReportedUnconfirmed() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    BatchListener stallAfterTen = new BatchListener() {
      @Override
      public void onRequest(String operation, String table, int entries) {
        if (sent.incrementAndGet() == 10) {
          DYNALITE.pause(); // requests 1-9 may have landed; the rest will hang
        }
      }
    };
    List<Map<String, AttributeValue>> items = items(2_000, "s");
    BatchWriteResult result;
    long millis;
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).listener(stallAfterTen)
        .keyAttributes("stalled", "pk").build()) {
      long start = System.nanoTime();
      try {
        result = batch.putAll("stalled", items, Deadline.after(Duration.ofMillis(1_500)));
      } finally {
        millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        DYNALITE.resume();
      }
    }
    // The client's own timeouts (10 s per call) would have held it far longer.
    assertThat(millis).as("returned after %d ms", millis).isLessThan(4_000);
    assertThat(result.complete()).isFalse();
    assertThat(result.unconfirmed()).as("in flight when the deadline came").isNotEmpty()
        .hasSizeLessThanOrEqualTo(DynamoBatch.DEFAULT_MAX_CONCURRENCY * 25);
    Set<String> unprocessed = result.unprocessed().stream()
        .map(w -> w.putRequest().item().get("pk").s()).collect(Collectors.toSet());
    Set<String> unconfirmed = result.unconfirmed().stream()
        .map(w -> w.putRequest().item().get("pk").s()).collect(Collectors.toSet());
    assertThat(unprocessed).doesNotContainAnyElementsOf(unconfirmed);
    assertThat(result.writtenCount() + unprocessed.size() + unconfirmed.size())
        .isEqualTo(items.size());

    Set<String> table = inTable("stalled"); // after SIGCONT: whatever dynalite still applies
    Set<String> reportedWritten = new HashSet<>(pks(items));
    reportedWritten.removeAll(unprocessed);
    reportedWritten.removeAll(unconfirmed);
    assertThat(table).as("every write reported done is in the table")
        .containsAll(reportedWritten);
    assertThat(table).as("no write reported unprocessed is").doesNotContainAnyElementsOf(
        unprocessed);
  }

  @Test
  void getAll_dynamoStalled_returnsByTheDeadline_keysUnconfirmed() {
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo)
        .keyAttributes("stalled", "pk").build()) {
      DYNALITE.pause();
      BatchGetResult result;
      long start = System.nanoTime();
      try {
        result = batch.getAll("stalled", IntStream.range(0, 300).mapToObj(i -> key("s" + i))
            .collect(Collectors.toList()), Deadline.after(Duration.ofMillis(800)));
      } finally {
        DYNALITE.resume();
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
      assertThat(result.unconfirmedKeys()).hasSize(300);
      assertThat(result.items()).isEmpty();
    }
  }

  @Test
  void limitKeptPerTableAcrossCalls_aThrottledTableStartsTheNextCallLow() {
    FaultyDynamoDb faulty = new FaultyDynamoDb(dynamo, 0, 1.0, 7);
    BatchListener healAfterDescent = new BatchListener() {
      @Override
      public void onConcurrencyChange(String operation, int from, int to) {
        if (to == 1) {
          faulty.heal();
        }
      }
    };
    try (DynamoBatch batch = DynamoBatch.builder().client(faulty).listener(healAfterDescent)
        .sleeper(new DynamoBatchIT.RecordingSleeper()).keyAttributes("throttled", "pk")
        .keyAttributes("pool", "pk").build()) {
      BatchWriteResult first = batch.putAll("throttled", items(200, "t1"));
      assertThat(first.complete()).isTrue();
      assertThat(first.stats().lowestConcurrency()).isEqualTo(1);

      BatchWriteResult second = batch.putAll("throttled", items(200, "t2"));
      assertThat(second.stats().lowestConcurrency()).as("no restart at 8 against a hot table")
          .isLessThan(DynamoBatch.DEFAULT_MAX_CONCURRENCY);
      BatchWriteResult elsewhere = batch.putAll("pool", items(200, "t3"));
      assertThat(elsewhere.stats().lowestConcurrency()).as("other tables keep their own")
          .isEqualTo(DynamoBatch.DEFAULT_MAX_CONCURRENCY);
    }
  }

  @Test
  void concurrentCallers_shareOneBoundedPool() throws Exception {
    Set<Thread> senders = ConcurrentHashMap.newKeySet();
    DynamoDbClient recording = new ForwardingClient(dynamo) {
      @Override
      public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        senders.add(Thread.currentThread());
        return super.batchWriteItem(request);
      }
    };
    int callers = 6;
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try (DynamoBatch batch = DynamoBatch.builder().client(recording).maxConcurrency(4)
        .keyAttributes("pool", "pk").build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<BatchWriteResult>> results = IntStream.range(0, callers)
          .mapToObj(c -> threads.submit(() -> {
            go.await();
            return batch.putAll("pool", items(300, "c" + c + "-"));
          })).collect(Collectors.toList());
      go.countDown();
      for (Future<BatchWriteResult> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS).complete()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(senders).as("%d callers x 4 in flight, on 4 threads", callers)
        .hasSizeLessThanOrEqualTo(4);
  }

  @Test
  void numbersComparedByValue_oneKeyReadOnce_oneWriteWins() {
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).build()) {
      BatchWriteResult written = batch.putAll("numbers", List.of(
          Map.of("pk", AttributeValue.fromN("1"), "v", AttributeValue.fromS("first")),
          Map.of("pk", AttributeValue.fromN("1.00"), "v", AttributeValue.fromS("second")),
          Map.of("pk", AttributeValue.fromN("2"), "v", AttributeValue.fromS("two"))));
      assertThat(written.complete()).isTrue();
      assertThat(written.writtenCount()).as("1 and 1.00 are one key: one write").isEqualTo(2);

      BatchGetResult read = batch.getAll("numbers", List.of(
          Map.of("pk", AttributeValue.fromN("1")), Map.of("pk", AttributeValue.fromN("1.0")),
          Map.of("pk", AttributeValue.fromN("1E+0")), Map.of("pk", AttributeValue.fromN("2"))));
      assertThat(read.complete()).isTrue();
      assertThat(read.items()).hasSize(2);
      assertThat(read.items()).anyMatch(i -> i.get("v").s().equals("second"));
    }
  }

  /** Passes everything to another client; subclasses intercept what they watch. */
  static class ForwardingClient implements DynamoDbClient {
    private final DynamoDbClient delegate;

    ForwardingClient(DynamoDbClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      return delegate.batchWriteItem(request);
    }

    @Override
    public String serviceName() {
      return delegate.serviceName();
    }

    @Override
    public void close() {
      // the delegate is shared
    }
  }
}
