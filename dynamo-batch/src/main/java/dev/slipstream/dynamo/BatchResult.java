package dev.slipstream.dynamo;

/** What every batch result answers. */
public sealed interface BatchResult permits BatchGetResult, BatchWriteResult {

  /** Whether every key was read, or every write written. */
  boolean complete();

  /** What the call cost. */
  BatchStats stats();

  /**
   * Returns normally if {@link #complete()}.
   *
   * @throws IncompleteBatchException saying how much is left, carrying this result
   */
  void throwIfIncomplete();
}
