/**
 * DynamoDB batch operations that never drop an item: {@link dev.slipstream.dynamo.DynamoBatch}
 * splits any number of keys or writes into requests DynamoDB accepts, sends them in parallel, retries
 * what DynamoDB leaves unprocessed with backoff and jitter, and returns whatever is still left.
 * {@link dev.slipstream.dynamo.DynamoClients#shared()} is the fast-start client.
 */
package dev.slipstream.dynamo;
