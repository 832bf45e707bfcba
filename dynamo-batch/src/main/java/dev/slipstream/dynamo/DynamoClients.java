package dev.slipstream.dynamo;

import dev.slipstream.core.AwsClients;
import dev.slipstream.core.Lazy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The process-wide, lazily built DynamoDB client with Slipstream's fast-start settings.
 *
 * <pre>{@code
 * GetItemResponse item = DynamoClients.shared().getItem(b -> b.tableName("users").key(key));
 * }</pre>
 */
public final class DynamoClients {

  private static final Lazy<DynamoDbClient> SHARED =
      Lazy.of(() -> AwsClients.build(DynamoDbClient.builder()));

  private DynamoClients() {}

  /**
   * The shared client (a documented singleton), built on first use by
   * {@link AwsClients#build} from the process environment: {@code AWS_REGION}, and
   * {@code AWS_ENDPOINT_URL_DYNAMODB} for local runs. Do not close it.
   *
   * @return the shared client
   * @throws IllegalStateException if the environment lacks or garbles a needed variable
   */
  public static DynamoDbClient shared() {
    return SHARED.get();
  }
}
