package dev.slipstream.dynamo;

import java.time.Duration;

/**
 * Hears what a {@link DynamoBatch} does, for metrics and logs. Every method is called on the thread
 * that called the batch operation, in order; an exception a listener throws is logged and ignored.
 *
 * <pre>{@code
 * DynamoBatch batch = DynamoBatch.builder()
 *     .listener(new BatchListener() {
 *       @Override
 *       public void onThrottle(String operation, String table, int size) {
 *         METRICS.count("DynamoThrottles", 1, Map.of("Table", table));
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface BatchListener {

  /** A listener that does nothing. */
  BatchListener NONE = new BatchListener() {};

  /**
   * A request is being sent.
   *
   * @param operation {@code BatchGetItem} or {@code BatchWriteItem}
   * @param table the table
   * @param size keys or writes in the request
   */
  default void onRequest(String operation, String table, int size) {}

  /**
   * DynamoDB returned {@code count} keys or writes unprocessed.
   *
   * @param operation {@code BatchGetItem} or {@code BatchWriteItem}
   * @param table the table's name
   * @param count how many were returned unprocessed
   */
  default void onUnprocessed(String operation, String table, int count) {}

  /**
   * A request failed with throttling after the SDK's own retries; its {@code size} entries are re-queued.
   *
   * @param operation {@code BatchGetItem} or {@code BatchWriteItem}
   * @param table the table's name
   * @param size how many entries the request held
   */
  default void onThrottle(String operation, String table, int size) {}

  /**
   * A retry round starts after {@code delay}.
   *
   * @param operation {@code BatchGetItem} or {@code BatchWriteItem}
   * @param retry 1 for the first retry round
   * @param remaining keys or writes still to do
   * @param delay the backoff before the round
   */
  default void onRetry(String operation, int retry, int remaining, Duration delay) {}

  /**
   * Adaptive concurrency changed the in-flight limit.
   *
   * @param operation {@code BatchGetItem} or {@code BatchWriteItem}
   * @param from the limit before
   * @param to the limit now
   */
  default void onConcurrencyChange(String operation, int from, int to) {}
}
