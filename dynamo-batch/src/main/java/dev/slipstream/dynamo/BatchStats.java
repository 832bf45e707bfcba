package dev.slipstream.dynamo;

import java.time.Duration;

/**
 * What one batch call cost. Immutable.
 *
 * @param requests BatchGetItem/BatchWriteItem requests sent, failed ones included
 * @param retries retry rounds after the first
 * @param itemsResent keys or writes sent again because they came back unprocessed or throttled
 * @param unprocessedReturned keys or writes DynamoDB returned as unprocessed, over all requests
 * @param throttles requests that failed with throttling after the SDK's own retries
 * @param consumedCapacity capacity units consumed, when asked for with
 *     {@link DynamoBatch.Builder#returnConsumedCapacity(boolean)}; otherwise 0
 * @param lowestConcurrency the lowest in-flight limit adaptive concurrency went down to
 * @param elapsed wall time of the call
 */
public record BatchStats(
    int requests,
    int retries,
    long itemsResent,
    long unprocessedReturned,
    int throttles,
    double consumedCapacity,
    int lowestConcurrency,
    Duration elapsed) {}
