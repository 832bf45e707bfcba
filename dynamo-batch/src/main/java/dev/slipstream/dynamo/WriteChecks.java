package dev.slipstream.dynamo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Validation and de-duplication of writes, before anything is sent. Package-private. */
final class WriteChecks {

  private WriteChecks() {}

  /**
   * The writes to send: each checked, and one per key, the last one given winning.
   *
   * @throws IllegalArgumentException naming the table and the write's position
   */
  static List<WriteRequest> deduplicate(KeySchema schema, Collection<WriteRequest> writes) {
    if (writes == null) {
      throw new NullPointerException("writes of table '" + schema.table() + "' must not be null");
    }
    Map<List<Object>, WriteRequest> byKey = new LinkedHashMap<>();
    int index = 0;
    for (WriteRequest write : writes) {
      List<Object> identity = schema.identity(keyOf(schema, write, index));
      byKey.put(identity, write); // the last write to a key wins ("1" and "1.0" are one key)
      index++;
    }
    return new ArrayList<>(byKey.values());
  }

  private static Map<String, AttributeValue> keyOf(KeySchema schema, WriteRequest write,
      int index) {
    String table = schema.table();
    if (write == null) {
      throw new IllegalArgumentException("item #" + index + " for table '" + table + "' is null");
    }
    if (write.putRequest() != null) {
      Map<String, AttributeValue> item = write.putRequest().item();
      if (item.isEmpty()) {
        throw new IllegalArgumentException("item #" + index + " for table '" + table
            + "' is empty");
      }
      Map<String, AttributeValue> key = schema.keyOf(item, "item", index);
      long size = ItemSizes.itemSize(item);
      if (size > ItemSizes.MAX_ITEM_BYTES) {
        throw new IllegalArgumentException("item #" + index + " with key " + key + " for table '"
            + table + "' is " + size + " bytes, over DynamoDB's " + ItemSizes.MAX_ITEM_BYTES
            + "-byte (400 KB) item limit");
      }
      return key;
    }
    if (write.deleteRequest() != null) {
      return schema.exactKey(write.deleteRequest().key(), index);
    }
    throw new IllegalArgumentException("write #" + index + " for table '" + table
        + "' has neither a put nor a delete request");
  }

  /** The size a write adds to a request. */
  static long size(WriteRequest write) {
    return write.putRequest() != null
        ? ItemSizes.itemSize(write.putRequest().item())
        : ItemSizes.itemSize(write.deleteRequest().key());
  }
}
