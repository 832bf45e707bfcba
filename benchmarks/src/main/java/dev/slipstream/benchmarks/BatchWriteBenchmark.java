package dev.slipstream.benchmarks;

import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Environment;
import dev.slipstream.dynamo.BatchWriteResult;
import dev.slipstream.dynamo.DynamoBatch;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.faults.FaultyDynamoDb;
import dev.slipstream.testing.faults.LatencyProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code items} puts into a real dynalite behind a loopback proxy that adds 5 ms to every request
 * (a network round trip to DynamoDB): {@link DynamoBatch} with its defaults against the seed's
 * pattern — sequential 25-item chunks and one 100 ms sleep when a response has unprocessed items,
 * which are then dropped. With {@code unprocessedShare} 0.3, a third of each request's writes come
 * back unprocessed (not written); DynamoBatch writes them all, the seed's pattern loses them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 4)
@Fork(2)
public class BatchWriteBenchmark {

  private static final String TABLE = "bench";

  @Param({"10000"})
  public int items;

  @Param({"0.0", "0.3"})
  public double unprocessedShare;

  /** 0: DynamoBatch's default. */
  @Param({"0"})
  public int concurrency;

  private DynaliteExtension dynalite;
  private LatencyProxy proxy;
  private DynamoDbClient client;
  private DynamoBatch batch;
  private List<Map<String, AttributeValue>> rows;

  @Setup(Level.Trial)
  public void setUp() {
    dynalite = new DynaliteExtension();
    dynalite.startOnFreePort();
    proxy = LatencyProxy.start(dynalite.endpoint(), Duration.ofMillis(5));
    Map<String, String> env = new HashMap<>(dynalite.awsEnvironment());
    env.put("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint().toString());
    DynamoDbClient real = ClientSetup.builder().environment(Environment.of(env)).build()
        .build(DynamoDbClient.builder());
    real.createTable(b -> b.tableName(TABLE)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    client = unprocessedShare > 0 ? new FaultyDynamoDb(real, unprocessedShare, 0, 1) : real;
    // Defaults, except that with 30 % of every request turned away, 10 rounds leave a write behind
    // in about one run in twenty (0.3^10 x 10,000): 20 rounds make every run complete.
    DynamoBatch.Builder builder = DynamoBatch.builder().client(client).keyAttributes(TABLE, "pk");
    if (concurrency > 0) {
      builder.maxConcurrency(concurrency);
    }
    batch = (unprocessedShare > 0 ? builder.maxAttempts(20) : builder).build();
    rows = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      rows.add(Map.of("pk", AttributeValue.fromS("user-" + i),
          "name", AttributeValue.fromS("User number " + i),
          "status", AttributeValue.fromS(i % 3 == 0 ? "active" : "invited")));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batch.close();
    client.close();
    proxy.close();
    dynalite.stop();
  }

  /** Slipstream: parallel, adaptive, every unprocessed write retried. */
  @Benchmark
  public BatchWriteResult dynamoBatch() {
    BatchWriteResult result = batch.putAll(TABLE, rows);
    if (!result.complete()) {
      throw new IllegalStateException("incomplete: " + result);
    }
    return result;
  }

  /** The seed's loop, ported: returns how many writes it silently dropped. */
  @Benchmark
  public int seedPattern() throws InterruptedException {
    int dropped = 0;
    for (int i = 0; i < rows.size(); i += 25) {
      List<WriteRequest> chunk = new ArrayList<>(25);
      for (Map<String, AttributeValue> row : rows.subList(i, Math.min(rows.size(), i + 25))) {
        chunk.add(WriteRequest.builder().putRequest(PutRequest.builder().item(row).build()).build());
      }
      BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(Map.of(TABLE, chunk)));
      List<WriteRequest> left = response.unprocessedItems().getOrDefault(TABLE, List.of());
      if (!left.isEmpty()) {
        Thread.sleep(100); // "Exponential backoff retry logic here" — never written
        dropped += left.size();
      }
    }
    return dropped;
  }

  /** For an IDE run. */
  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(new String[] {BatchWriteBenchmark.class.getSimpleName()});
  }

}
