package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class ClientSetupTest {

  private static Map<String, String> local(String... extra) {
    Map<String, String> vars = new HashMap<>(Map.of(
        "AWS_REGION", "eu-west-1",
        "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "secret"));
    for (int i = 0; i < extra.length; i += 2) {
      vars.put(extra[i], extra[i + 1]);
    }
    return vars;
  }

  private static ClientSetup setup(Map<String, String> vars) {
    return ClientSetup.builder().environment(Environment.of(vars)).build();
  }

  @Test
  void build_appliesRegionTimeoutsEndpointToRealBuilder() {
    ClientSetup setup = setup(local(
        "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4567",
        "SLIPSTREAM_API_CALL_TIMEOUT", "4s",
        "SLIPSTREAM_API_CALL_ATTEMPT_TIMEOUT", "750ms"));
    try (DynamoDbClient client = setup.build(DynamoDbClient.builder())) {
      var config = client.serviceClientConfiguration();
      assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
      assertThat(config.endpointOverride()).contains(URI.create("http://127.0.0.1:4567"));
      assertThat(config.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(4));
      assertThat(config.overrideConfiguration().apiCallAttemptTimeout())
          .contains(Duration.ofMillis(750));
    }
    assertThat(setup.httpClient()).isSameAs(AwsClients.sharedHttpClient());
  }

  @Test
  void endpoint_serviceSpecificWinsOverGeneric() {
    ClientSetup setup = setup(local(
        "AWS_ENDPOINT_URL", "http://generic:1",
        "AWS_ENDPOINT_URL_DYNAMODB", "http://dynamo:2"));
    assertThat(setup.endpointFor("DYNAMODB")).contains(URI.create("http://dynamo:2"));
    assertThat(setup.endpointFor("CLOUDWATCH")).contains(URI.create("http://generic:1"));
    assertThat(setup(local()).endpointFor("DYNAMODB")).isEmpty();
  }

  @Test
  void endpoint_invalid_namesVariable() {
    ClientSetup setup = setup(local("AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000"));
    DynamoDbClientBuilder builder = DynamoDbClient.builder();
    assertThatThrownBy(() -> setup.configure(builder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AWS_ENDPOINT_URL_DYNAMODB")
        .hasMessageContaining("'localhost:8000'");
  }

  @Test
  void serviceKey_fromClientPackage() {
    assertThat(ClientSetup.serviceKey(DynamoDbClient.builder().getClass())).isEqualTo("DYNAMODB");
    assertThat(ClientSetup.serviceKey(DynamoDbStreamsClient.builder().getClass()))
        .isEqualTo("DYNAMODB_STREAMS");
  }

  @Test
  void region_missing_explainsFix() {
    Map<String, String> vars = local();
    vars.remove("AWS_REGION");
    assertThatThrownBy(() -> setup(vars))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AWS_REGION is required");
  }

  @Test
  void region_garbled_namesValue() {
    assertThatThrownBy(() -> setup(local("AWS_REGION", "EU West")))
        .hasMessageContaining("AWS_REGION must be a region name")
        .hasMessageContaining("'EU West'");
  }

  @Test
  void region_explicit_winsOverEnvironment() {
    ClientSetup setup = ClientSetup.builder().environment(Environment.of(local()))
        .region(Region.AP_SOUTHEAST_2).build();
    assertThat(setup.region()).isEqualTo(Region.AP_SOUTHEAST_2);
  }

  @Test
  void credentials_sessionTokenInEnvironment_becomeStaticSessionCredentials() {
    ClientSetup setup = setup(local("AWS_SESSION_TOKEN", "token"));
    assertThat(setup.credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
    assertThat(setup.credentialsProvider().resolveCredentials())
        .isInstanceOfSatisfying(AwsSessionCredentials.class,
            c -> assertThat(c.sessionToken()).isEqualTo("token"));
  }

  @Test
  void credentials_onLambdaWithoutKeys_failsClearly() {
    Map<String, String> vars = local("AWS_LAMBDA_FUNCTION_NAME", "users");
    vars.remove("AWS_SECRET_ACCESS_KEY");
    assertThatThrownBy(() -> setup(vars))
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY was not set");
  }

  @Test
  void timeouts_attemptLongerThanCall_rejected() {
    assertThatThrownBy(() -> setup(local("SLIPSTREAM_API_CALL_TIMEOUT", "1s",
        "SLIPSTREAM_API_CALL_ATTEMPT_TIMEOUT", "2s")))
        .hasMessage("apiCallAttemptTimeout (PT2S) must not exceed apiCallTimeout (PT1S)");
  }

  @Test
  void httpClient_crtWithoutDependency_saysWhatIsMissing() {
    assertThatThrownBy(() -> setup(local("SLIPSTREAM_HTTP_CLIENT", "crt")))
        .hasMessageContaining("aws-crt-client");
    assertThatThrownBy(() -> setup(local("SLIPSTREAM_HTTP_CLIENT", "apache")))
        .hasMessage("Environment variable SLIPSTREAM_HTTP_CLIENT must be 'urlconnection' or 'crt',"
            + " but was 'apache'");
  }

  @Test
  void builder_setTwice_rejected() {
    ClientSetup.Builder builder = ClientSetup.builder().region(Region.US_EAST_1);
    assertThatThrownBy(() -> builder.region(Region.US_WEST_2))
        .hasMessage("region was already set; each builder setting may be set once");
    assertThatThrownBy(() -> ClientSetup.builder().apiCallTimeout(Duration.ZERO))
        .hasMessage("apiCallTimeout must be greater than zero, but was PT0S");
  }
}
