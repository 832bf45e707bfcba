package dev.slipstream.examples.users;

import dev.slipstream.cache.TieredCache;
import dev.slipstream.core.Deadline;
import dev.slipstream.dynamo.BatchGetResult;
import dev.slipstream.dynamo.BatchWriteResult;
import dev.slipstream.dynamo.DynamoBatch;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link UserService} on DynamoDB: single reads through the {@link TieredCache}, batch reads
 * through the cache's bulk path feeding {@link DynamoBatch}, writes invalidating every instance's
 * L1. DynamoDB calls go through a breaker, so a failing table fails fast instead of holding every
 * request for the SDK's timeouts.
 */
final class DynamoUserService implements UserService {

  private final DynamoDbClient dynamo;
  private final DynamoBatch batch;
  private final TieredCache<User> cache;
  private final CircuitBreaker breaker;
  private final Cursors cursors;
  private final String table;
  private final Clock clock;

  DynamoUserService(DynamoDbClient dynamo, DynamoBatch batch, TieredCache<User> cache,
      CircuitBreaker breaker, Cursors cursors, String table, Clock clock) {
    this.dynamo = dynamo;
    this.batch = batch;
    this.cache = cache;
    this.breaker = breaker;
    this.cursors = cursors;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Optional<User> get(String id) {
    return Optional.ofNullable(cache.get(id, key -> breaker.executeSupplier(() -> {
      Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
          .key(UserTable.key(key))).item();
      return item == null || item.isEmpty() ? null : UserTable.fromItem(item);
    })));
  }

  @Override
  public Map<String, User> getMany(Collection<String> ids, Deadline deadline) {
    return cache.getAll(ids, missing -> {
      List<Map<String, AttributeValue>> keys = missing.stream().map(UserTable::key)
          .collect(Collectors.toList());
      BatchGetResult result = batch.getAll(table, keys, deadline);
      if (!result.complete()) {
        List<String> left = result.unprocessedKeys().stream().map(k -> k.get("id").s()).toList();
        throw new ApiException(503, "DynamoDB did not return every user in time; retry",
            Map.of("unprocessedIds", left));
      }
      Map<String, User> found = new HashMap<>();
      result.items().forEach(item -> found.put(item.get("id").s(), UserTable.fromItem(item)));
      return found;
    });
  }

  @Override
  public User put(String id, UserInput input) {
    long now = clock.millis();
    Map<String, AttributeValue> values = Map.of(
        ":n", AttributeValue.fromS(input.name()),
        ":e", AttributeValue.fromS(input.email()),
        ":s", AttributeValue.fromS(input.status()),
        ":now", AttributeValue.fromN(Long.toString(now)));
    Map<String, AttributeValue> item = breaker.executeSupplier(() -> dynamo.updateItem(b -> b
        .tableName(table)
        .key(UserTable.key(id))
        .updateExpression("SET #n = :n, email = :e, #s = :s, updatedAt = :now,"
            + " createdAt = if_not_exists(createdAt, :now)")
        .expressionAttributeNames(Map.of("#n", "name", "#s", "status"))
        .expressionAttributeValues(values)
        .returnValues(ReturnValue.ALL_NEW)).attributes());
    User user = UserTable.fromItem(item);
    cache.put(id, user); // L1 here, Redis, and a message that drops other instances' L1
    return user;
  }

  @Override
  public ImportResult importAll(List<User> users, Deadline deadline) {
    List<Map<String, AttributeValue>> items = users.stream().map(UserTable::toItem)
        .collect(Collectors.toList());
    BatchWriteResult result = batch.putAll(table, items, deadline);
    Set<String> notWritten = ids(result.unprocessed());
    Set<String> unconfirmed = ids(result.unconfirmed());
    List<String> written = users.stream().map(User::id)
        .filter(id -> !notWritten.contains(id) && !unconfirmed.contains(id))
        .distinct().collect(Collectors.toList());
    // Absent-tombstones and old values must go everywhere, for what may have been written too.
    List<String> changed = new java.util.ArrayList<>(written);
    changed.addAll(unconfirmed);
    cache.invalidateAll(changed);
    return new ImportResult(written, List.copyOf(notWritten), List.copyOf(unconfirmed));
  }

  private static Set<String> ids(List<WriteRequest> writes) {
    Set<String> ids = new LinkedHashSet<>();
    for (WriteRequest write : writes) {
      ids.add(write.putRequest().item().get("id").s());
    }
    return ids;
  }

  @Override
  public Page list(String status, int limit, String cursor) {
    Map<String, AttributeValue> start = cursor == null ? null : cursors.decode(status, cursor);
    QueryResponse response = breaker.executeSupplier(() -> dynamo.query(b -> b
        .tableName(table)
        .indexName(UserTable.STATUS_INDEX)
        .keyConditionExpression("#s = :s")
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status)))
        .scanIndexForward(false)
        .limit(limit)
        .exclusiveStartKey(start)));
    List<User> users = response.items().stream().map(UserTable::fromItem)
        .collect(Collectors.toList());
    String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
        ? cursors.encode(status, new LinkedHashMap<>(response.lastEvaluatedKey())) : null;
    return new Page(users, next);
  }
}
