package dev.slipstream.examples.users;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The users table: key {@code id}, index {@code status-createdAt} for listings. */
final class UserTable {

  static final String STATUS_INDEX = "status-createdAt";

  private UserTable() {}

  static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }

  static Map<String, AttributeValue> toItem(User user) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromS(user.id()));
    item.put("name", AttributeValue.fromS(user.name()));
    item.put("email", AttributeValue.fromS(user.email()));
    item.put("status", AttributeValue.fromS(user.status()));
    item.put("createdAt", AttributeValue.fromN(Long.toString(user.createdAt())));
    item.put("updatedAt", AttributeValue.fromN(Long.toString(user.updatedAt())));
    return item;
  }

  static User fromItem(Map<String, AttributeValue> item) {
    return new User(item.get("id").s(), item.get("name").s(), item.get("email").s(),
        item.get("status").s(), Long.parseLong(item.get("createdAt").n()),
        Long.parseLong(item.get("updatedAt").n()));
  }

  /** Creates the table and its index (local runs and tests; SAM creates it on AWS). */
  static void create(DynamoDbClient dynamo, String table) {
    dynamo.createTable(b -> b.tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute("id", ScalarAttributeType.S),
            attribute("status", ScalarAttributeType.S),
            attribute("createdAt", ScalarAttributeType.N))
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(STATUS_INDEX)
            .keySchema(
                KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("createdAt").keyType(KeyType.RANGE).build())
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build()));
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }
}
