package dev.slipstream.dynamo;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What a {@link DynamoBatch} write call could not write, in two kinds never mixed:
 * {@link #unprocessed()} (DynamoDB said it did not do them, or they were never sent: certainly not
 * written) and {@link #unconfirmed()} (in flight when the deadline came: maybe written, maybe not;
 * read before writing again if that matters). Everything else the caller passed was written (after
 * duplicate keys were collapsed, last write winning). Immutable.
 */
public final class BatchWriteResult implements BatchResult {

  private final Map<String, List<WriteRequest>> unprocessedByTable;
  private final Map<String, List<WriteRequest>> unconfirmedByTable;
  private final long written;
  private final BatchStats stats;

  BatchWriteResult(Map<String, List<WriteRequest>> unprocessedByTable,
      Map<String, List<WriteRequest>> unconfirmedByTable, long written, BatchStats stats) {
    this.unprocessedByTable = Results.copy(unprocessedByTable);
    this.unconfirmedByTable = Results.copy(unconfirmedByTable);
    this.written = written;
    this.stats = stats;
  }

  /**
   * Writes not done, from every table; put requests carry their item, deletes their key.
   *
   * @return the writes not done; unmodifiable
   */
  public List<WriteRequest> unprocessed() {
    return Results.flatten(unprocessedByTable);
  }

  /**
   * Writes not done to {@code table}.
   *
   * @param table the table's name
   * @return its writes not done, empty if none; unmodifiable
   */
  public List<WriteRequest> unprocessed(String table) {
    return unprocessedByTable.getOrDefault(table, List.of());
  }

  /**
   * Writes not done, by table; tables with none are absent.
   *
   * @return the writes not done, by table name; unmodifiable
   */
  public Map<String, List<WriteRequest>> unprocessedByTable() {
    return unprocessedByTable;
  }

  /**
   * Writes in flight when the deadline came, from every table: DynamoDB may or may not have done
   * them.
   *
   * @return the writes, put requests with their item, deletes with their key
   */
  public List<WriteRequest> unconfirmed() {
    return Results.flatten(unconfirmedByTable);
  }

  /**
   * Unconfirmed writes to {@code table}.
   *
   * @param table the table
   * @return the writes, maybe done
   */
  public List<WriteRequest> unconfirmed(String table) {
    return unconfirmedByTable.getOrDefault(table, List.of());
  }

  /**
   * Unconfirmed writes by table; tables with none are absent.
   *
   * @return an unmodifiable map
   */
  public Map<String, List<WriteRequest>> unconfirmedByTable() {
    return unconfirmedByTable;
  }

  /**
   * Writes DynamoDB confirmed.
   *
   * @return how many writes DynamoDB confirmed
   */
  public long writtenCount() {
    return written;
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
      throw new IncompleteBatchException("BatchWriteItem", Results.describe(unprocessedByTable),
          Results.describe(unconfirmedByTable), this);
    }
  }

  @Override
  public String toString() {
    return "BatchWriteResult[written=" + written + ", unprocessed="
        + Results.describe(unprocessedByTable) + ", unconfirmed="
        + Results.describe(unconfirmedByTable) + ", stats=" + stats + "]";
  }
}
