package dev.slipstream.testing.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A {@link DynamoDbClient} in front of a real one that injects DynamoDB's batch faults faithfully,
 * at the SDK boundary:
 * <ul>
 *   <li>a share of each BatchWriteItem's writes is withheld: <em>not sent</em> to the real server,
 *       and listed in the response's {@code UnprocessedItems}, exactly as DynamoDB does when a
 *       partition is hot: an item reported unprocessed was really not written;</li>
 *   <li>a share of BatchWriteItem and BatchGetItem calls fail with
 *       {@code ProvisionedThroughputExceededException} (HTTP 400) without reaching the server, as a
 *       call does once the SDK's own retries are spent.</li>
 * </ul>
 * Everything else is passed through. Decisions come from a seeded {@link Random}: a run is
 * repeatable. Thread-safe.
 */
public final class FaultyDynamoDb implements DynamoDbClient {

  private final DynamoDbClient real;
  private volatile double unprocessedShare;
  private volatile double throttledShare;
  private final Random random;
  private final AtomicLong withheld = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong passedThrough = new AtomicLong();

  /**
   * A faulty client.
   *
   * @param real where what is not withheld goes
   * @param unprocessedShare share of writes withheld, 0 to 1 (1: every write comes back)
   * @param throttledShare share of batch calls throttled, 0 to 1
   * @param seed for the random decisions
   */
  public FaultyDynamoDb(DynamoDbClient real, double unprocessedShare, double throttledShare,
      long seed) {
    if (unprocessedShare < 0 || unprocessedShare > 1 || throttledShare < 0 || throttledShare > 1) {
      throw new IllegalArgumentException("shares must be between 0 and 1, but were "
          + unprocessedShare + " and " + throttledShare);
    }
    this.real = real;
    this.unprocessedShare = unprocessedShare;
    this.throttledShare = throttledShare;
    this.random = new Random(seed);
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    if (draw() < throttledShare) {
      throttled.incrementAndGet();
      throw throttle();
    }
    Map<String, List<WriteRequest>> send = new HashMap<>();
    Map<String, List<WriteRequest>> keep = new HashMap<>();
    request.requestItems().forEach((table, writes) -> {
      for (WriteRequest write : writes) {
        boolean withhold = draw() < unprocessedShare;
        (withhold ? keep : send).computeIfAbsent(table, t -> new ArrayList<>()).add(write);
      }
    });
    keep.values().forEach(list -> withheld.addAndGet(list.size()));
    Map<String, List<WriteRequest>> unprocessed = new HashMap<>(keep);
    if (!send.isEmpty()) {
      passedThrough.incrementAndGet();
      BatchWriteItemResponse response = real.batchWriteItem(request.toBuilder()
          .requestItems(send).build());
      response.unprocessedItems().forEach((table, writes) ->
          unprocessed.computeIfAbsent(table, t -> new ArrayList<>()).addAll(writes));
    }
    return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    if (draw() < throttledShare) {
      throttled.incrementAndGet();
      throw throttle();
    }
    passedThrough.incrementAndGet();
    return real.batchGetItem(request);
  }

  @Override
  public DescribeTableResponse describeTable(DescribeTableRequest request) {
    return real.describeTable(request);
  }

  /** From now on, pass everything through: the outage is over. */
  public void heal() {
    unprocessedShare = 0;
    throttledShare = 0;
  }

  /** Writes withheld and reported unprocessed so far. */
  public long withheldWrites() {
    return withheld.get();
  }

  /** Calls throttled so far. */
  public long throttledCalls() {
    return throttled.get();
  }

  /** Calls that reached the real server. */
  public long passedThroughCalls() {
    return passedThrough.get();
  }

  private double draw() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  private static ProvisionedThroughputExceededException throttle() {
    return (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder()
        .statusCode(400)
        .message("The level of configured provisioned throughput for the table was exceeded"
            + " (injected)")
        .awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("ProvisionedThroughputExceededException")
            .serviceName("DynamoDb")
            .build())
        .build();
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {
    real.close();
  }
}
