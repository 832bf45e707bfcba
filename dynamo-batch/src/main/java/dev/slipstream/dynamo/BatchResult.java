package dev.slipstream.dynamo;

/** What every batch result answers. */
public sealed interface BatchResult permits BatchGetResult, BatchWriteResult {

  /**
   * Whether every key was read, or every write written.
   *
   * @return true if nothing is unprocessed or unconfirmed
   */
  boolean complete();

  /**
   * What the call cost.
   *
   * @return requests, retries, throttles and time of the call
   */
  BatchStats stats();

  /**
   * Returns normally if {@link #complete()}.
   *
   * @throws IncompleteBatchException saying how much is left, carrying this result
   */
  void throwIfIncomplete();
}
