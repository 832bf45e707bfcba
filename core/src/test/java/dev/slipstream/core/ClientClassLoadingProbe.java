package dev.slipstream.core;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Run in a child JVM by {@link HttpClientClassLoadingIT}: builds a DynamoDB client either with
 * Slipstream's defaults or with the SDK's, and makes one call.
 */
public final class ClientClassLoadingProbe {

  private ClientClassLoadingProbe() {}

  /**
   * Entry point.
   *
   * @param args {@code slipstream} or {@code sdk-default}, then the endpoint
   */
  public static void main(String[] args) {
    DynamoDbClient client;
    if (args[0].equals("slipstream")) {
      client = AwsClients.build(DynamoDbClient.builder()); // everything from the environment
    } else {
      client = DynamoDbClient.builder()
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create("local", "local")))
          .endpointOverride(URI.create(args[1]))
          .build();
    }
    try (client) {
      System.out.println("tables=" + client.listTables().tableNames());
    }
  }
}
