package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.lambda.CredentialsEndpoint;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A SnapStart function gets credentials only from the container endpoint: ClientSetup uses it, the
 * SDK signs real calls with them, and every restore renews the provider.
 */
class ContainerCredentialsIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();

  private CredentialsEndpoint endpoint;

  @BeforeEach
  void start() {
    endpoint = CredentialsEndpoint.start("token-" + System.nanoTime());
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private ClientSetup setup() {
    return ClientSetup.builder().environment(Environment.of(Map.of(
        "AWS_REGION", "us-east-1",
        "AWS_LAMBDA_FUNCTION_NAME", "users",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri().toString(),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN", endpoint.token(),
        "AWS_ENDPOINT_URL_DYNAMODB", DYNALITE.endpoint().toString()))).build();
  }

  @Test
  void onLambdaWithContainerUri_noKeysInTheEnvironment_callsAreSignedWithContainerCredentials() {
    ClientSetup setup = setup();
    try (DynamoDbClient dynamo = setup.build(DynamoDbClient.builder())) {
      assertThat(dynamo.listTables().tableNames()).isNotNull();
    }
    assertThat(endpoint.keysIssued()).containsExactly("AKIDLOCAL1");
  }

  @Test
  void wrongToken_aCredentialsFailure_thatTripsNoBreaker() {
    ClientSetup setup = ClientSetup.builder().environment(Environment.of(Map.of(
        "AWS_REGION", "us-east-1",
        "AWS_LAMBDA_FUNCTION_NAME", "users",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri().toString(),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong",
        "AWS_ENDPOINT_URL_DYNAMODB", DYNALITE.endpoint().toString()))).build();
    try (DynamoDbClient dynamo = setup.build(DynamoDbClient.builder())) {
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(dynamo::listTables);
      assertThat(failure).hasMessageContaining("Unable to load credentials from the container");
      assertThat(AwsErrors.classify(failure)).isEqualTo(AwsErrors.Kind.CREDENTIALS);
      assertThat(AwsErrors.countsAgainstDependency(failure)).isFalse();
    }
  }

  @Test
  void plainHttpToAnotherHost_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientSetup.builder()
        .environment(Environment.of(Map.of("AWS_REGION", "us-east-1",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.10/creds"))).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("loopback, ECS or EKS address");
  }

  @Test
  void afterRestore_theProviderIsRenewed_andFetchesFreshCredentials() {
    AwsCredentialsProvider provider = setup().credentialsProvider();
    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIDLOCAL1");
    assertThat(provider.resolveCredentials().accessKeyId()).as("cached until it expires")
        .isEqualTo("AKIDLOCAL1");
    Lifecycle.afterRestore();
    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIDLOCAL2");
  }
}
