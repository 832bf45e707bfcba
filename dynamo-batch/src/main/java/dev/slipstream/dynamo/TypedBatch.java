package dev.slipstream.dynamo;

import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Deadline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DynamoBatch} for one table of beans or records described by an enhanced-client
 * {@link TableSchema}; needs {@code software.amazon.awssdk:dynamodb-enhanced} on the class path
 * (which {@code DynamoBatch} itself does not). The key attributes come from the schema, so no
 * DescribeTable call is made. Thread-safe.
 *
 * <pre>{@code
 * TypedBatch<User> users = TypedBatch.of(batch, "users", TableSchema.fromImmutableClass(User.class));
 * users.putAll(list, deadline).throwIfIncomplete();
 * }</pre>
 *
 * @param <T> the item type
 */
public final class TypedBatch<T> {

  private final DynamoBatch batch;
  private final String table;
  private final TableSchema<T> schema;

  private TypedBatch(DynamoBatch batch, String table, TableSchema<T> schema) {
    this.batch = batch;
    this.table = table;
    this.schema = schema;
  }

  /**
   * The batch operations of {@code batch} for {@code table}'s items of type {@code T}.
   *
   * @param batch the batch that sends the requests
   * @param table the table
   * @param schema describes the items and the table's key
   * @param <T> the item type
   * @return the typed view
   */
  public static <T> TypedBatch<T> of(DynamoBatch batch, String table, TableSchema<T> schema) {
    requireNonNull(batch, "batch must not be null");
    requireNonNull(table, "table must not be null");
    requireNonNull(schema, "schema must not be null");
    if (table.isBlank()) {
      throw new IllegalArgumentException("table must not be blank");
    }
    batch.declareKeys(table, schema.tableMetadata().primaryPartitionKey(),
        schema.tableMetadata().primarySortKey().orElse(null));
    return new TypedBatch<>(batch, table, schema);
  }

  /**
   * Puts every item; null attributes are left out.
   *
   * @param items the items to put
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return what was written and what was not
   */
  public BatchWriteResult putAll(Collection<? extends T> items, Deadline deadline) {
    return batch.putAll(table, toMaps(items, false), deadline);
  }

  /**
   * Deletes the item of each key object (only its key attributes are used).
   *
   * @param keyObjects objects whose key attributes name the items
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return what was deleted and what was not
   */
  public BatchWriteResult deleteAll(Collection<? extends T> keyObjects, Deadline deadline) {
    return batch.deleteAll(table, toMaps(keyObjects, true), deadline);
  }

  /**
   * Reads the item of each key object (only its key attributes are used).
   *
   * @param keyObjects objects whose key attributes name the items
   * @param deadline no retry round starts whose backoff sleep would pass it
   * @return the items read, as objects, and the keys not read
   */
  public Items<T> getAll(Collection<? extends T> keyObjects, Deadline deadline) {
    BatchGetResult result = batch.getAll(table, toMaps(keyObjects, true), deadline);
    List<T> items = new ArrayList<>(result.items().size());
    for (Map<String, AttributeValue> item : result.items()) {
      items.add(schema.mapToItem(item));
    }
    return new Items<>(List.copyOf(items), result);
  }

  private List<Map<String, AttributeValue>> toMaps(Collection<? extends T> objects, boolean keyOnly) {
    requireNonNull(objects, "items must not be null");
    KeySchema keys = batch.keySchema(table);
    List<Map<String, AttributeValue>> maps = new ArrayList<>(objects.size());
    int index = 0;
    for (T object : objects) {
      if (object == null) {
        throw new IllegalArgumentException("item #" + index + " for table '" + table + "' is null");
      }
      Map<String, AttributeValue> map = schema.itemToMap(object, true);
      maps.add(keyOnly ? keys.keyOf(map, "key", index) : map);
      index++;
    }
    return maps;
  }

  /**
   * Typed items and the untyped result behind them (unprocessed keys, stats).
   *
   * @param items the items read, in no promised order
   * @param result what the call did
   * @param <T> the item type
   */
  public record Items<T>(List<T> items, BatchGetResult result) {}
}
