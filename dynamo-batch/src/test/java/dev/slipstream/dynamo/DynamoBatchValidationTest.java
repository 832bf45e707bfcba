package dev.slipstream.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/** Bad input is rejected before any request: the client here counts calls, and must see none. */
class DynamoBatchValidationTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final DynamoDbClient counting = new DynamoDbClient() {
    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      calls.incrementAndGet();
      return BatchWriteItemResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  };

  private final DynamoBatch batch = DynamoBatch.builder()
      .client(counting)
      .keyAttributes("users", "pk")
      .keyAttributes("events", "pk", "sk")
      .executor(Runnable::run)
      .build();

  private static Map<String, AttributeValue> item(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "name", AttributeValue.fromS("n"));
  }

  @Test
  void putAll_oversizedItem_namesTableKeyAndSize() {
    Map<String, AttributeValue> big = Map.of("pk", AttributeValue.fromS("big-one"),
        "blob", AttributeValue.fromS("x".repeat(ItemSizes.MAX_ITEM_BYTES)));
    assertThatThrownBy(() -> batch.putAll("users", List.of(item("a"), big)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item #1")
        .hasMessageContaining("table 'users'")
        .hasMessageContaining("big-one")
        .hasMessageContaining("409613 bytes")
        .hasMessageContaining("400 KB");
    assertThat(calls).hasValue(0);
  }

  @Test
  void putAll_missingKeyAttribute_namesSchemaAndAttributesSeen() {
    assertThatThrownBy(() -> batch.putAll("users",
        List.of(Map.of("id", AttributeValue.fromS("x")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item #0 for table 'users' lacks partition key attribute 'pk' (key schema [pk]);"
            + " it has [id]");
    assertThat(calls).hasValue(0);
  }

  @Test
  void putAll_emptyKeyValue_rejected() {
    assertThatThrownBy(() -> batch.putAll("users", List.of(item(""))))
        .hasMessage("item #0 for table 'users': partition key attribute 'pk' must not be empty");
  }

  @Test
  void putAll_oversizedKeys_rejected() {
    assertThatThrownBy(() -> batch.putAll("users", List.of(item("k".repeat(2049)))))
        .hasMessageContaining("partition key attribute 'pk' is 2049 bytes, over DynamoDB's 2048-byte limit");
    assertThatThrownBy(() -> batch.putAll("events", List.of(Map.of(
        "pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("s".repeat(1025))))))
        .hasMessageContaining("sort key attribute 'sk' is 1025 bytes, over DynamoDB's 1024-byte limit");
    assertThat(calls).hasValue(0);
  }

  @Test
  void putAll_nullItemOrTable_rejected() {
    assertThatThrownBy(() -> batch.putAll("users", Arrays.asList(item("a"), null)))
        .hasMessage("item #1 for table 'users' is null");
    assertThatThrownBy(() -> batch.putAll((String) null, List.of(item("a"))))
        .isInstanceOf(NullPointerException.class).hasMessage("table must not be null");
    assertThatThrownBy(() -> batch.putAll(" ", List.of(item("a"))))
        .hasMessage("table must not be blank");
    assertThat(calls).hasValue(0);
  }

  @Test
  void getAll_keyWithExtraAttributes_rejectedAsMismatchedSchema() {
    assertThatThrownBy(() -> batch.getAll("users", List.of(item("a"))))
        .hasMessage("key #0 for table 'users' must have exactly the key attributes [pk], but had"
            + " [name, pk]");
  }

  @Test
  void getAll_nonScalarKey_rejected() {
    assertThatThrownBy(() -> batch.getAll("users",
        List.of(Map.of("pk", AttributeValue.fromBool(true)))))
        .hasMessage("key #0 for table 'users': partition key attribute 'pk' must be a string,"
            + " number or binary, but was BOOL");
  }

  @Test
  void putAll_sameKeyTwice_lastWinsAndOneWriteSent() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    items.add(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1")));
    items.add(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("2")));
    BatchWriteResult result = batch.putAll("users", items);
    assertThat(result.complete()).isTrue();
    assertThat(result.writtenCount()).isEqualTo(1);
    assertThat(calls).hasValue(1);
  }

  @Test
  void builder_invalidSettings_rejectedWithValue() {
    assertThatThrownBy(() -> DynamoBatch.builder().maxConcurrency(0))
        .hasMessage("maxConcurrency must be between 1 and 64, but was 0");
    assertThatThrownBy(() -> DynamoBatch.builder().maxAttempts(0))
        .hasMessage("maxAttempts must be at least 1, but was 0");
    assertThatThrownBy(() -> DynamoBatch.builder().client(counting).client(counting))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("client was already set");
  }

  @Test
  void builder_everySettingOnce_addersOncePerTable() {
    assertThatThrownBy(() -> DynamoBatch.builder().consistentRead(true).consistentRead(false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("consistentRead was already set; each builder setting may be set once");
    assertThatThrownBy(() -> DynamoBatch.builder().deadlineMargin(Duration.ZERO)
        .deadlineMargin(Duration.ofMillis(5)))
        .hasMessageStartingWith("deadlineMargin was already set");
    DynamoBatch.Builder builder = DynamoBatch.builder().keyAttributes("users", "id")
        .keyAttributes("orders", "id", "at");
    assertThatThrownBy(() -> builder.keyAttributes("users", "email"))
        .hasMessageStartingWith("keyAttributes(\"users\") was already set");
  }
}
