package dev.slipstream.dynamo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/** BatchGetItem for the engine. Package-private. */
final class GetOperation implements BatchEngine.Operation<Map<String, AttributeValue>> {

  private final DynamoDbClient client;
  private final DynamoBatch.Settings settings;

  GetOperation(DynamoDbClient client, DynamoBatch.Settings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "BatchGetItem";
  }

  @Override
  public int maxPerRequest() {
    return DynamoBatch.MAX_KEYS_PER_GET;
  }

  @Override
  public long sizeOf(Map<String, AttributeValue> key) {
    return ItemSizes.itemSize(key);
  }

  @Override
  public BatchEngine.Reply<Map<String, AttributeValue>> send(String table,
      List<Map<String, AttributeValue>> keys, Duration timeout) {
    BatchGetItemResponse response = client.batchGetItem(b -> WriteOperation.bounded(b, timeout)
        .requestItems(Map.of(table, KeysAndAttributes.builder()
            .keys(keys)
            .consistentRead(settings.consistentRead())
            .build()))
        .returnConsumedCapacity(settings.returnConsumedCapacity()
            ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE));
    List<Map<String, AttributeValue>> items = response.responses().getOrDefault(table, List.of());
    KeysAndAttributes left = response.unprocessedKeys().get(table);
    List<Map<String, AttributeValue>> unprocessed = left == null ? List.of() : left.keys();
    return new BatchEngine.Reply<>(items, unprocessed, WriteOperation.capacity(response.consumedCapacity()));
  }
}
