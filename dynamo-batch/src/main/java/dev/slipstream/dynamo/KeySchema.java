package dev.slipstream.dynamo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's primary-key attributes, and the checks DynamoDB would make on them. Package-private.
 *
 * @param table the table, for messages
 * @param partitionKey the partition (hash) key attribute
 * @param sortKey the sort (range) key attribute, or null
 */
record KeySchema(String table, String partitionKey, String sortKey) {

  List<String> attributes() {
    return sortKey == null ? List.of(partitionKey) : List.of(partitionKey, sortKey);
  }

  /**
   * The key of {@code item}, checked: both key attributes present, scalar, within DynamoDB's size
   * limits.
   *
   * @param what "item" or "key", for messages
   * @param index the position in the caller's collection, for messages
   * @throws IllegalArgumentException naming the table, the position and what is wrong
   */
  Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, String what, int index) {
    if (item == null) {
      throw new IllegalArgumentException(what + " #" + index + " for table '" + table + "' is null");
    }
    Map<String, AttributeValue> key = new LinkedHashMap<>(4);
    key.put(partitionKey, checked(item, partitionKey, ItemSizes.MAX_PARTITION_KEY_BYTES, "partition",
        what, index));
    if (sortKey != null) {
      key.put(sortKey, checked(item, sortKey, ItemSizes.MAX_SORT_KEY_BYTES, "sort", what, index));
    }
    return key;
  }

  /**
   * What makes two checked keys the same key for DynamoDB: strings and binaries by content, numbers
   * by value ({@code "1"}, {@code "1.0"} and {@code "1E+0"} are one number).
   *
   * @param key a key from {@link #keyOf} or {@link #exactKey}
   * @return a value with equals and hashCode that compare as DynamoDB does
   */
  List<Object> identity(Map<String, AttributeValue> key) {
    List<Object> identity = new ArrayList<>(2);
    for (String attribute : attributes()) {
      AttributeValue value = key.get(attribute);
      switch (value.type()) {
        case N:
          identity.add(canonicalNumber(value.n()));
          break;
        case B:
          identity.add(value.b().asByteBuffer());
          break;
        default:
          identity.add(value.s());
      }
    }
    return identity;
  }

  private static Object canonicalNumber(String number) {
    try {
      return new BigDecimal(number.strip()).stripTrailingZeros();
    } catch (NumberFormatException e) {
      return number; // not a number: DynamoDB will reject it, with its own message
    }
  }

  /** As {@link #keyOf}, and the key must have no other attributes (BatchGetItem keys). */
  Map<String, AttributeValue> exactKey(Map<String, AttributeValue> key, int index) {
    Map<String, AttributeValue> checked = keyOf(key, "key", index);
    if (key.size() != checked.size()) {
      throw new IllegalArgumentException("key #" + index + " for table '" + table
          + "' must have exactly the key attributes " + attributes() + ", but had "
          + new TreeSet<>(key.keySet()));
    }
    return checked;
  }

  private AttributeValue checked(Map<String, AttributeValue> item, String attribute, int maxBytes,
      String kind, String what, int index) {
    AttributeValue value = item.get(attribute);
    if (value == null) {
      throw new IllegalArgumentException(what + " #" + index + " for table '" + table
          + "' lacks " + kind + " key attribute '" + attribute + "' (key schema " + attributes()
          + "); it has " + new TreeSet<>(item.keySet()));
    }
    switch (value.type()) {
      case S:
      case N:
      case B:
        break;
      default:
        throw new IllegalArgumentException(what + " #" + index + " for table '" + table + "': "
            + kind + " key attribute '" + attribute + "' must be a string, number or binary, but was "
            + value.type());
    }
    long size = ItemSizes.keyValueSize(value);
    if (size == 0) {
      throw new IllegalArgumentException(what + " #" + index + " for table '" + table + "': "
          + kind + " key attribute '" + attribute + "' must not be empty");
    }
    if (size > maxBytes) {
      throw new IllegalArgumentException(what + " #" + index + " for table '" + table + "': "
          + kind + " key attribute '" + attribute + "' is " + size + " bytes, over DynamoDB's "
          + maxBytes + "-byte limit");
    }
    return value;
  }
}
