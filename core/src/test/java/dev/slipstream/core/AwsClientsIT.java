package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.testing.DynaliteExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A client configured only through environment variables talks to a real dynalite. */
class AwsClientsIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();

  @Test
  void client_fromEnvironment_roundTripsAnItem() {
    ClientSetup setup = ClientSetup.builder().environment(Environment.of(Map.of(
        "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "local",
        "AWS_SECRET_ACCESS_KEY", "local",
        "AWS_ENDPOINT_URL_DYNAMODB", DYNALITE.endpoint().toString()))).build();

    try (DynamoDbClient dynamo = setup.build(DynamoDbClient.builder())) {
      dynamo.createTable(b -> b.tableName("users")
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
              .attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
      dynamo.putItem(b -> b.tableName("users").item(Map.of(
          "id", AttributeValue.fromS("u-1"),
          "name", AttributeValue.fromS("Ada"))));

      Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("users")
          .key(Map.of("id", AttributeValue.fromS("u-1")))).item();

      assertThat(item).containsEntry("name", AttributeValue.fromS("Ada"));
      assertThat(dynamo.listTables().tableNames()).containsExactly("users");
    }
  }
}
