package dev.slipstream.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Environment;
import dev.slipstream.core.Sleeper;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.faults.FaultyDynamoDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoBatch against a real dynalite; faults injected at the SDK boundary by FaultyDynamoDb. */
class DynamoBatchIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();

  private static DynamoDbClient dynamo;

  /** Records sleeps and moves a fake clock instead of waiting. */
  static final class RecordingSleeper implements Sleeper {
    final AtomicLong clock = new AtomicLong();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      clock.addAndGet(duration.toNanos());
    }

    Duration total() {
      return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
  }

  @BeforeAll
  static void createTables() {
    dynamo = ClientSetup.builder().environment(Environment.of(DYNALITE.awsEnvironment())).build()
        .build(DynamoDbClient.builder());
    for (String table : List.of("plain", "faulty", "large", "deadline", "dupes", "mixed")) {
      dynamo.createTable(b -> b.tableName(table)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
              .attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    }
  }

  @AfterAll
  static void closeClient() {
    dynamo.close();
  }

  static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk));
  }

  static List<Map<String, AttributeValue>> items(int count, String prefix) {
    return IntStream.range(0, count)
        .mapToObj(i -> Map.of(
            "pk", AttributeValue.fromS(prefix + i),
            "n", AttributeValue.fromN(Integer.toString(i)),
            "name", AttributeValue.fromS("user " + i)))
        .collect(Collectors.toList());
  }

  static Set<String> pks(List<Map<String, AttributeValue>> items) {
    return items.stream().map(i -> i.get("pk").s()).collect(Collectors.toSet());
  }

  @Test
  void tenThousandPuts_thenGetAllWithAbsentKeys_everyItemBack() {
    RecordingSleeper sleeper = new RecordingSleeper();
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).sleeper(sleeper).build()) {
      List<Map<String, AttributeValue>> items = items(10_000, "u");
      BatchWriteResult written = batch.putAll("plain", items);
      assertThat(written.complete()).isTrue();
      assertThat(written.writtenCount()).isEqualTo(10_000);
      assertThat(written.stats().requests()).isEqualTo(400);

      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      IntStream.range(0, 10_000).forEach(i -> keys.add(key("u" + i)));
      IntStream.range(0, 500).forEach(i -> keys.add(key("absent" + i)));
      BatchGetResult read = batch.getAll("plain", keys);

      assertThat(read.complete()).isTrue();
      assertThat(read.items()).hasSize(10_000);
      assertThat(pks(read.items())).isEqualTo(pks(items));
      assertThat(read.items()).containsAll(items);
      assertThat(read.stats().requests()).isEqualTo(105);
    }
  }

  @Test
  void faults_thirtyPercentUnprocessedAndFivePercentThrottled_allWrittenAndReadBack() {
    FaultyDynamoDb faulty = new FaultyDynamoDb(dynamo, 0.30, 0.05, 42);
    RecordingSleeper sleeper = new RecordingSleeper();
    List<Integer> limits = new CopyOnWriteArrayList<>();
    BatchListener listener = new BatchListener() {
      @Override
      public void onConcurrencyChange(String operation, int from, int to) {
        limits.add(to);
      }
    };
    try (DynamoBatch batch = DynamoBatch.builder().client(faulty).sleeper(sleeper)
        .listener(listener).maxAttempts(30).build()) {
      List<Map<String, AttributeValue>> items = items(10_000, "f");
      BatchWriteResult written = batch.putAll("faulty", items);

      assertThat(written.complete()).isTrue();
      assertThat(written.writtenCount()).isEqualTo(10_000);
      assertThat(faulty.withheldWrites()).isGreaterThan(2_000);
      assertThat(faulty.throttledCalls()).isPositive();
      assertThat(written.stats().throttles()).isEqualTo((int) faulty.throttledCalls());
      assertThat(written.stats().unprocessedReturned()).isEqualTo(faulty.withheldWrites());
      assertThat(written.stats().retries()).isPositive();
      assertThat(written.stats().lowestConcurrency()).isLessThan(DynamoBatch.DEFAULT_MAX_CONCURRENCY);
      assertThat(limits).as("AIMD came down under steady faults").isNotEmpty();
      assertThat(sleeper.sleeps).hasSize(written.stats().retries());

      // Read back through the real client, and through the faulty one (throttled reads retried).
      List<Map<String, AttributeValue>> keys = items.stream().map(i -> key(i.get("pk").s()))
          .collect(Collectors.toList());
      BatchGetResult real = DynamoBatch.builder().client(dynamo).build().getAll("faulty", keys);
      assertThat(real.items()).hasSize(10_000).containsAll(items);
      BatchGetResult throughFaults = batch.getAll("faulty", keys);
      assertThat(throughFaults.complete()).isTrue();
      assertThat(throughFaults.items()).hasSize(10_000);
    }
  }

  @Test
  void adaptiveConcurrency_dropsUnderFaults_climbsBackWhenHealed() {
    FaultyDynamoDb faulty = new FaultyDynamoDb(dynamo, 0.30, 0.30, 3);
    List<Integer> limits = new CopyOnWriteArrayList<>();
    BatchListener listener = new BatchListener() {
      @Override
      public void onConcurrencyChange(String operation, int from, int to) {
        limits.add(to);
      }

      @Override
      public void onRetry(String operation, int retry, int remaining, Duration delay) {
        faulty.heal(); // the hot partition cools down after the first round
      }
    };
    try (DynamoBatch batch = DynamoBatch.builder().client(faulty).sleeper(new RecordingSleeper())
        .listener(listener).build()) {
      BatchWriteResult result = batch.putAll("faulty", items(5_000, "h"));

      assertThat(result.complete()).isTrue();
      assertThat(result.stats().lowestConcurrency()).isEqualTo(1);
      int lowestAt = limits.indexOf(1);
      assertThat(limits.subList(lowestAt, limits.size()))
          .as("climbs back after clean responses").contains(DynamoBatch.DEFAULT_MAX_CONCURRENCY);
    }
  }

  @Test
  void largeItems_dynaliteReturnsUnprocessedKeys_retriedUntilComplete() {
    RecordingSleeper sleeper = new RecordingSleeper();
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).sleeper(sleeper).build()) {
      String payload = "x".repeat(20_000);
      List<Map<String, AttributeValue>> items = IntStream.range(0, 100)
          .mapToObj(i -> Map.of("pk", AttributeValue.fromS("L" + i),
              "payload", AttributeValue.fromS(payload)))
          .collect(Collectors.toList());
      assertThat(batch.putAll("large", items).complete()).isTrue();

      BatchGetResult read = batch.getAll("large",
          IntStream.range(0, 100).mapToObj(i -> key("L" + i)).collect(Collectors.toList()));

      assertThat(read.stats().unprocessedReturned()).as("dynalite's own ~1 MB cut").isPositive();
      assertThat(read.stats().retries()).isPositive();
      assertThat(read.complete()).isTrue();
      assertThat(read.items()).hasSize(100).containsAll(items);
    }
  }

  @Test
  void deadline_everythingUnprocessed_stopsBeforeDeadlineAndReturnsAll() {
    FaultyDynamoDb faulty = new FaultyDynamoDb(dynamo, 1.0, 0.0, 7);
    RecordingSleeper sleeper = new RecordingSleeper();
    Deadline deadline = Deadline.after(Duration.ofMillis(300), sleeper.clock::get);
    try (DynamoBatch batch = DynamoBatch.builder().client(faulty).sleeper(sleeper)
        .maxAttempts(1_000).build()) {
      List<Map<String, AttributeValue>> items = items(100, "d");

      BatchWriteResult result = batch.putAll("deadline", items, deadline);

      assertThat(result.complete()).isFalse();
      assertThat(result.unprocessed()).hasSize(100);
      assertThat(result.writtenCount()).isZero();
      assertThat(sleeper.total()).isLessThanOrEqualTo(Duration.ofMillis(300));
      assertThat(result.stats().retries()).isGreaterThan(1);
      assertThatThrownBy(result::throwIfIncomplete)
          .isInstanceOf(IncompleteBatchException.class)
          .hasMessageContaining("deadline=100");
      Set<String> left = result.unprocessed().stream()
          .map(w -> w.putRequest().item().get("pk").s()).collect(Collectors.toSet());
      assertThat(left).isEqualTo(pks(items));
      assertThat(dynamo.scan(b -> b.tableName("deadline")).count()).as("nothing written").isZero();
    }
  }

  @Test
  void attemptsExhausted_leftoversReturnedNotDropped() {
    FaultyDynamoDb faulty = new FaultyDynamoDb(dynamo, 1.0, 0.0, 9);
    RecordingSleeper sleeper = new RecordingSleeper();
    try (DynamoBatch batch = DynamoBatch.builder().client(faulty).sleeper(sleeper)
        .maxAttempts(3).build()) {
      BatchWriteResult result = batch.putAll("deadline", items(30, "x"));
      assertThat(result.unprocessed()).hasSize(30);
      assertThat(result.stats().requests()).isEqualTo(6); // 2 chunks x 3 rounds
      assertThat(sleeper.sleeps).hasSize(2);
    }
  }

  @Test
  void duplicates_readOnceAndLastWriteWins() {
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).build()) {
      batch.putAll("dupes", List.of(
          Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1")),
          Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("2"))));
      BatchGetResult read = batch.getAll("dupes", List.of(key("a"), key("a"), key("a")));
      assertThat(read.items()).containsExactly(
          Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("2")));
    }
  }

  @Test
  void missingTable_viaDescribeTable_clearErrorBeforeSending() {
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).build()) {
      assertThatThrownBy(() -> batch.putAll("no-such-table", items(3, "z")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("table 'no-such-table' does not exist");
    }
  }

  @Test
  void missingTable_declaredKeys_failsFastNamingTableWithPartialResult() {
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo)
        .keyAttributes("ghost", "pk").executor(Runnable::run).maxConcurrency(1).build()) {
      Map<String, List<Map<String, AttributeValue>>> byTable = new java.util.LinkedHashMap<>();
      byTable.put("mixed", items(50, "m"));
      byTable.put("ghost", items(30, "g"));

      assertThatThrownBy(() -> batch.putAll(byTable, Deadline.none()))
          .isInstanceOfSatisfying(DynamoBatchException.class, e -> {
            assertThat(e.table()).isEqualTo("ghost");
            assertThat(e.getMessage()).contains("BatchWriteItem on table 'ghost' failed");
            BatchWriteResult partial = (BatchWriteResult) e.partialResult();
            assertThat(partial.writtenCount()).isEqualTo(50);
            assertThat(partial.unprocessed("ghost")).hasSize(30);
            assertThat(partial.unprocessed("mixed")).isEmpty();
          });
      assertThat(dynamo.scan(b -> b.tableName("mixed")).count()).isEqualTo(50);
    }
  }

  /** A plain class described by a static enhanced-client schema. */
  public static final class User {
    private String id;
    private String name;

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  @Test
  void typed_tableSchema_putsAndReadsObjects() {
    TableSchema<User> schema = StaticTableSchema.builder(User.class)
        .newItemSupplier(User::new)
        .addAttribute(String.class, a -> a.name("pk").getter(User::getId).setter(User::setId)
            .tags(StaticAttributeTags.primaryPartitionKey()))
        .addAttribute(String.class, a -> a.name("name").getter(User::getName).setter(User::setName))
        .build();
    List<User> users = IntStream.range(0, 40).mapToObj(i -> {
      User u = new User();
      u.setId("typed" + i);
      u.setName("Name " + i);
      return u;
    }).collect(Collectors.toList());
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).build()) {
      TypedBatch<User> typed = TypedBatch.of(batch, "mixed", schema);
      assertThat(typed.putAll(users, Deadline.none()).writtenCount()).isEqualTo(40);

      TypedBatch.Items<User> read = typed.getAll(users, Deadline.none());

      assertThat(read.result().complete()).isTrue();
      assertThat(read.items()).extracting(User::getName)
          .containsExactlyInAnyOrderElementsOf(users.stream().map(User::getName)
              .collect(Collectors.toList()));
      assertThat(typed.deleteAll(users, Deadline.none()).complete()).isTrue();
    }
  }

  @Test
  void deleteAll_removesItems() {
    try (DynamoBatch batch = DynamoBatch.builder().client(dynamo).build()) {
      batch.putAll("mixed", items(60, "del"));
      List<Map<String, AttributeValue>> keys = IntStream.range(0, 60).mapToObj(i -> key("del" + i))
          .collect(Collectors.toList());
      assertThat(batch.deleteAll("mixed", keys).complete()).isTrue();
      assertThat(batch.getAll("mixed", keys).items()).isEmpty();
      assertThat(new HashSet<>(keys)).hasSize(60);
    }
  }
}
