package consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Environment;
import dev.slipstream.dynamo.BatchGetResult;
import dev.slipstream.dynamo.BatchWriteResult;
import dev.slipstream.dynamo.DynamoBatch;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.RuntimeClassPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** slipstream-dynamo-batch alone: the SDK's DynamoDB module, no Apache or Netty HTTP client. */
class DynamoBatchConsumerTest {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();

  @Test
  void runtimeClassPath_dynamoDbWithoutHeavyHttpClients() {
    RuntimeClassPath classPath = RuntimeClassPath.read();
    assertThat(classPath.artifactIds()).contains("dynamodb", "url-connection-client")
        .doesNotContain("apache-client", "apache5-client", "netty-nio-client",
            "resilience4j-circuitbreaker", "crac");
    assertThat(classPath.matching("/io/netty/")).isEmpty();
  }

  @Test
  void mainPath_putAllThenGetAll() {
    try (DynamoDbClient dynamo = ClientSetup.builder()
        .environment(Environment.of(DYNALITE.awsEnvironment())).build()
        .build(DynamoDbClient.builder());
        DynamoBatch batch = DynamoBatch.builder().client(dynamo).build()) {
      dynamo.createTable(b -> b.tableName("consumer").billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
              .attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH)
              .build()));
      List<Map<String, AttributeValue>> items = IntStream.range(0, 120)
          .mapToObj(i -> Map.of("pk", AttributeValue.fromS("k" + i)))
          .collect(Collectors.toList());
      BatchWriteResult written = batch.putAll("consumer", items,
          Deadline.after(Duration.ofSeconds(30)));
      written.throwIfIncomplete();
      BatchGetResult read = batch.getAll("consumer", items);
      assertThat(read.items()).hasSize(120);
    }
  }
}
