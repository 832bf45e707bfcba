package dev.slipstream.dynamo;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What a {@link DynamoBatch} write call could not write. Everything the caller passed that is not
 * in {@link #unprocessed()} was written (after duplicate keys were collapsed, last write winning).
 * Immutable.
 */
public final class BatchWriteResult implements BatchResult {

  private final Map<String, List<WriteRequest>> unprocessedByTable;
  private final long written;
  private final BatchStats stats;

  BatchWriteResult(Map<String, List<WriteRequest>> unprocessedByTable, long written,
      BatchStats stats) {
    this.unprocessedByTable = Results.copy(unprocessedByTable);
    this.written = written;
    this.stats = stats;
  }

  /** Writes not done, from every table; put requests carry their item, deletes their key. */
  public List<WriteRequest> unprocessed() {
    return Results.flatten(unprocessedByTable);
  }

  /** Writes not done to {@code table}. */
  public List<WriteRequest> unprocessed(String table) {
    return unprocessedByTable.getOrDefault(table, List.of());
  }

  /** Writes not done, by table; tables with none are absent. */
  public Map<String, List<WriteRequest>> unprocessedByTable() {
    return unprocessedByTable;
  }

  /** Writes DynamoDB confirmed. */
  public long writtenCount() {
    return written;
  }

  @Override
  public boolean complete() {
    return unprocessedByTable.isEmpty();
  }

  @Override
  public BatchStats stats() {
    return stats;
  }

  @Override
  public void throwIfIncomplete() {
    if (!complete()) {
      throw new IncompleteBatchException("BatchWriteItem", Results.describe(unprocessedByTable),
          this);
    }
  }

  @Override
  public String toString() {
    return "BatchWriteResult[written=" + written + ", unprocessed="
        + Results.describe(unprocessedByTable) + ", stats=" + stats + "]";
  }
}
