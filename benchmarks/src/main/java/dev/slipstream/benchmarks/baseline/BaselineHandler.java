package dev.slipstream.benchmarks.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start baseline: {@code GET /users/{id}} written the way the SDK's and Lettuce's
 * getting-started guides show it, with nothing tuned. {@code DynamoDbClient.create()} (the provider
 * chains, and the Apache 5 client the SDK picks when it is on the class path), a static
 * {@code RedisClient} whose connection opens on first use, Jackson for the response. Same route,
 * same table and Redis as the users API.
 */
public final class BaselineHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private static final DynamoDbClient DYNAMO = DynamoDbClient.create();
  private static final RedisClient REDIS = RedisClient.create(System.getenv("REDIS_URL"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = System.getenv("USERS_TABLE");
  private static StatefulRedisConnection<String, String> connection;

  private static synchronized StatefulRedisConnection<String, String> redis() {
    if (connection == null) {
      connection = REDIS.connect();
    }
    return connection;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event,
      Context context) {
    try {
      String id = event.getPath().substring("/users/".length());
      String cached = redis().sync().get("baseline:users:" + id);
      if (cached == null) {
        Map<String, AttributeValue> item = DYNAMO.getItem(b -> b.tableName(TABLE)
            .key(Map.of("id", AttributeValue.fromS(id)))).item();
        if (item == null || item.isEmpty()) {
          return new APIGatewayProxyResponseEvent().withStatusCode(404).withBody("{}");
        }
        Map<String, Object> user = new LinkedHashMap<>();
        item.forEach((name, value) -> user.put(name, value.s() != null ? value.s() : value.n()));
        cached = JSON.writeValueAsString(Map.of("user", user));
        redis().sync().set("baseline:users:" + id, cached, SetArgs.Builder.ex(600));
      }
      return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(cached);
    } catch (Exception e) {
      return new APIGatewayProxyResponseEvent().withStatusCode(500).withBody("{}");
    }
  }
}
