package dev.slipstream.dynamo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem for the engine. Package-private. */
final class WriteOperation implements BatchEngine.Operation<WriteRequest> {

  private final DynamoDbClient client;
  private final DynamoBatch.Settings settings;

  WriteOperation(DynamoDbClient client, DynamoBatch.Settings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "BatchWriteItem";
  }

  @Override
  public int maxPerRequest() {
    return DynamoBatch.MAX_WRITES_PER_REQUEST;
  }

  @Override
  public long sizeOf(WriteRequest write) {
    return WriteChecks.size(write);
  }

  @Override
  public BatchEngine.Reply<WriteRequest> send(String table, List<WriteRequest> writes,
      Duration timeout) {
    BatchWriteItemResponse response = client.batchWriteItem(b -> bounded(b, timeout)
        .requestItems(Map.of(table, writes))
        .returnConsumedCapacity(settings.returnConsumedCapacity()
            ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE));
    List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
    return new BatchEngine.Reply<>(List.of(), unprocessed, capacity(response.consumedCapacity()));
  }

  /** The request, with an api-call timeout of {@code timeout} unless it is null. */
  static <B extends software.amazon.awssdk.awscore.AwsRequest.Builder> B bounded(B builder,
      Duration timeout) {
    if (timeout != null) {
      builder.overrideConfiguration(o -> o.apiCallTimeout(timeout));
    }
    return builder;
  }

  static double capacity(List<ConsumedCapacity> consumed) {
    double total = 0;
    for (ConsumedCapacity c : consumed) {
      if (c.capacityUnits() != null) {
        total += c.capacityUnits();
      }
    }
    return total;
  }
}
