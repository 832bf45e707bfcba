package dev.slipstream.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items a {@link DynamoBatch#getAll} call read, and the keys it could not read, in two kinds:
 * {@link #unprocessedKeys()} (DynamoDB did not read them, or they were never sent) and
 * {@link #unconfirmedKeys()} (in flight when the deadline came; no answer). Keys that had no item
 * are neither: they are simply absent from {@link #items()}. Item order is not promised. Immutable.
 */
public final class BatchGetResult implements BatchResult {

  private final Map<String, List<Map<String, AttributeValue>>> itemsByTable;
  private final Map<String, List<Map<String, AttributeValue>>> unprocessedByTable;
  private final Map<String, List<Map<String, AttributeValue>>> unconfirmedByTable;
  private final BatchStats stats;

  BatchGetResult(Map<String, List<Map<String, AttributeValue>>> itemsByTable,
      Map<String, List<Map<String, AttributeValue>>> unprocessedByTable,
      Map<String, List<Map<String, AttributeValue>>> unconfirmedByTable, BatchStats stats) {
    this.itemsByTable = Results.copy(itemsByTable);
    this.unprocessedByTable = Results.copy(unprocessedByTable);
    this.unconfirmedByTable = Results.copy(unconfirmedByTable);
    this.stats = stats;
  }

  /**
   * Every item read, from every table, in no promised order.
   *
   * @return the items read; unmodifiable
   */
  public List<Map<String, AttributeValue>> items() {
    return Results.flatten(itemsByTable);
  }

  /**
   * The items read from {@code table}.
   *
   * @param table the table's name
   * @return its items read, empty if none; unmodifiable
   */
  public List<Map<String, AttributeValue>> items(String table) {
    return itemsByTable.getOrDefault(table, List.of());
  }

  /**
   * Items by table.
   *
   * @return the items read, by table name; unmodifiable
   */
  public Map<String, List<Map<String, AttributeValue>>> itemsByTable() {
    return itemsByTable;
  }

  /**
   * Keys that could not be read before attempts or the deadline ran out, from every table.
   *
   * @return the keys not read; unmodifiable
   */
  public List<Map<String, AttributeValue>> unprocessedKeys() {
    return Results.flatten(unprocessedByTable);
  }

  /**
   * Unprocessed keys of {@code table}.
   *
   * @param table the table's name
   * @return its keys not read, empty if none; unmodifiable
   */
  public List<Map<String, AttributeValue>> unprocessedKeys(String table) {
    return unprocessedByTable.getOrDefault(table, List.of());
  }

  /**
   * Unprocessed keys by table; tables with none are absent.
   *
   * @return the keys not read, by table name; unmodifiable
   */
  public Map<String, List<Map<String, AttributeValue>>> unprocessedKeysByTable() {
    return unprocessedByTable;
  }

  /**
   * Keys whose read was in flight when the deadline came, from every table.
   *
   * @return the keys, not read
   */
  public List<Map<String, AttributeValue>> unconfirmedKeys() {
    return Results.flatten(unconfirmedByTable);
  }

  /**
   * Unconfirmed keys by table; tables with none are absent.
   *
   * @return an unmodifiable map
   */
  public Map<String, List<Map<String, AttributeValue>>> unconfirmedKeysByTable() {
    return unconfirmedByTable;
  }

  @Override
  public boolean complete() {
    return unprocessedByTable.isEmpty() && unconfirmedByTable.isEmpty();
  }

  @Override
  public BatchStats stats() {
    return stats;
  }

  @Override
  public void throwIfIncomplete() {
    if (!complete()) {
      throw new IncompleteBatchException("BatchGetItem", Results.describe(unprocessedByTable),
          Results.describe(unconfirmedByTable), this);
    }
  }

  @Override
  public String toString() {
    return "BatchGetResult[items=" + new ArrayList<>(itemsByTable.values()).stream()
        .mapToInt(List::size).sum() + ", unprocessed=" + Results.describe(unprocessedByTable)
        + ", unconfirmed=" + Results.describe(unconfirmedByTable) + ", stats=" + stats + "]";
  }
}
