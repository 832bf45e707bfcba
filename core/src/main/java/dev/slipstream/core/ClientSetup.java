package dev.slipstream.core;

import dev.slipstream.core.internal.SetOnce;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;

/**
 * Fast-start settings for AWS SDK v2 synchronous clients: an immutable configuration, built once,
 * that {@link #configure} applies to any client builder. {@link AwsClients} is the static shortcut
 * over the defaults read from the process environment.
 *
 * <p>What it sets, and why it starts faster than the SDK's defaults:
 * <ul>
 *   <li><b>Region</b> from {@code AWS_REGION}, which Lambda always sets, instead of the provider
 *       chain (system property, environment, profile files, instance metadata). Missing → a clear
 *       error at init.</li>
 *   <li><b>Credentials</b>: from the container endpoint when
 *       {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} is set (Lambda with SnapStart, containers),
 *       fetched again after a SnapStart restore; else on Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} set) the
 *       environment-variable provider, no chain; elsewhere the default chain, or static
 *       credentials when the configured {@link Environment} carries {@code AWS_ACCESS_KEY_ID} and
 *       {@code AWS_SECRET_ACCESS_KEY}.</li>
 *   <li><b>HTTP client</b>: one shared {@code UrlConnectionHttpClient} per process (see
 *       {@link AwsClients#sharedHttpClient()}), instead of Apache 5 or Netty, which the SDK picks
 *       silently when they are on the class path and which cost tens of milliseconds of class
 *       loading. {@code SLIPSTREAM_HTTP_CLIENT=crt} opts into the AWS CRT client when
 *       {@code aws-crt-client} is on the class path.</li>
 *   <li><b>Timeouts</b>: an api-call timeout ({@value #API_CALL_TIMEOUT_VARIABLE}, default
 *       {@link #DEFAULT_API_CALL_TIMEOUT}) and an attempt timeout
 *       ({@value #API_CALL_ATTEMPT_TIMEOUT_VARIABLE}, default
 *       {@link #DEFAULT_API_CALL_ATTEMPT_TIMEOUT}); the SDK sets none, so a hung connection would
 *       eat the whole function timeout.</li>
 *   <li><b>Retries</b>: the SDK's {@link RetryMode#STANDARD} strategy.</li>
 *   <li><b>Endpoint</b>: {@code AWS_ENDPOINT_URL_<SERVICE>} (for example
 *       {@code AWS_ENDPOINT_URL_DYNAMODB}) or else {@code AWS_ENDPOINT_URL}; the service part is the
 *       client's package name under {@code software.amazon.awssdk.services}, upper-cased, dots as
 *       underscores.</li>
 * </ul>
 * Values set on the builder win over the environment, which is the lowest-precedence layer.
 *
 * <pre>{@code
 * static final ClientSetup SETUP = ClientSetup.builder()
 *     .apiCallTimeout(Duration.ofSeconds(3))          // the rest from the environment
 *     .build();
 * static final DynamoDbClient DYNAMO = SETUP.build(DynamoDbClient.builder());
 * static final SqsClient SQS = SETUP.configure(SqsClient.builder())
 *     .endpointOverride(URI.create("http://localhost:9324"))
 *     .build();
 * }</pre>
 */
public final class ClientSetup {

  /** Default limit for one API call, retries included. */
  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(10);
  /** Default limit for one HTTP attempt. */
  public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  /** Overrides {@link #DEFAULT_API_CALL_TIMEOUT}. */
  public static final String API_CALL_TIMEOUT_VARIABLE = "SLIPSTREAM_API_CALL_TIMEOUT";
  /** Overrides {@link #DEFAULT_API_CALL_ATTEMPT_TIMEOUT}. */
  public static final String API_CALL_ATTEMPT_TIMEOUT_VARIABLE = "SLIPSTREAM_API_CALL_ATTEMPT_TIMEOUT";
  /** {@code urlconnection} (the default) or {@code crt}. */
  public static final String HTTP_CLIENT_VARIABLE = "SLIPSTREAM_HTTP_CLIENT";

  private static final String SERVICES_PACKAGE = "software.amazon.awssdk.services.";

  private final Environment environment;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient httpClient;
  private final Duration apiCallTimeout;
  private final Duration apiCallAttemptTimeout;
  private final URI endpointOverride; // null: from the environment, per service
  private final java.util.List<MetricPublisher> metricPublishers;

  private ClientSetup(Builder builder) {
    this.environment = builder.environment != null ? builder.environment : Environment.system();
    this.region = builder.region != null ? builder.region : regionFrom(environment);
    this.credentials = builder.credentials != null ? builder.credentials : credentialsFrom(environment);
    this.httpClient = builder.httpClient != null ? builder.httpClient : httpClientFrom(environment);
    this.apiCallTimeout = builder.apiCallTimeout != null ? builder.apiCallTimeout
        : environment.duration(API_CALL_TIMEOUT_VARIABLE, DEFAULT_API_CALL_TIMEOUT);
    this.apiCallAttemptTimeout = builder.apiCallAttemptTimeout != null
        ? builder.apiCallAttemptTimeout
        : environment.duration(API_CALL_ATTEMPT_TIMEOUT_VARIABLE, DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
    this.endpointOverride = builder.endpointOverride;
    this.metricPublishers = java.util.List.copyOf(builder.metricPublishers);
    if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
      throw new IllegalStateException("apiCallAttemptTimeout (" + apiCallAttemptTimeout
          + ") must not exceed apiCallTimeout (" + apiCallTimeout + ")");
    }
  }

  /**
   * A builder; anything left unset comes from the environment.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Applies these settings to {@code builder} and returns it, for further changes.
   *
   * @param <B> the builder type
   * @param <C> the client type
   * @param builder any AWS SDK v2 synchronous client builder, such as {@code DynamoDbClient.builder()}
   * @return {@code builder}, configured
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
    requireNonNull(builder, "builder must not be null");
    builder.region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallTimeout(apiCallTimeout)
            .apiCallAttemptTimeout(apiCallAttemptTimeout)
            .retryStrategy(RetryMode.STANDARD)
            .metricPublishers(metricPublishers)
            .build());
    builder.httpClient(httpClient);
    endpointFor(builder).ifPresent(builder::endpointOverride);
    return builder;
  }

  /**
   * Applies these settings to {@code builder} and builds the client.
   *
   * @param <B> the builder type
   * @param <C> the client type
   * @param builder any AWS SDK v2 synchronous client builder, such as {@code
   *     DynamoDbClient.builder()}
   * @return the client, built
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    return configure(builder).build();
  }

  /**
   * The region clients get.
   *
   * @return the region
   */
  public Region region() {
    return region;
  }

  /**
   * The credentials provider clients get.
   *
   * @return the credentials provider
   */
  public AwsCredentialsProvider credentialsProvider() {
    return credentials;
  }

  /**
   * The HTTP client clients share; not closed by the clients that use it.
   *
   * @return the shared HTTP client
   */
  public SdkHttpClient httpClient() {
    return httpClient;
  }

  /**
   * The limit for one API call, retries included.
   *
   * @return the API call timeout
   */
  public Duration apiCallTimeout() {
    return apiCallTimeout;
  }

  /**
   * The limit for one HTTP attempt.
   *
   * @return the API call attempt timeout
   */
  public Duration apiCallAttemptTimeout() {
    return apiCallAttemptTimeout;
  }

  /**
   * The endpoint a client of {@code serviceKey} gets, if any: the builder's override, else
   * {@code AWS_ENDPOINT_URL_<SERVICEKEY>}, else {@code AWS_ENDPOINT_URL}.
   *
   * @param serviceKey such as {@code DYNAMODB} or {@code CLOUDWATCH}
   * @return the endpoint, or empty for the SDK's own
   * @throws IllegalStateException if the variable is not an absolute URI
   */
  public Optional<URI> endpointFor(String serviceKey) {
    if (endpointOverride != null) {
      return Optional.of(endpointOverride);
    }
    String specific = "AWS_ENDPOINT_URL_" + serviceKey.toUpperCase(Locale.ROOT);
    Optional<String> raw = environment.get(specific);
    String variable = specific;
    if (raw.isEmpty()) {
      raw = environment.get("AWS_ENDPOINT_URL");
      variable = "AWS_ENDPOINT_URL";
    }
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.get());
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new URISyntaxException(raw.get(), "not an absolute http(s) URI with a host");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Environment variable " + variable
          + " must be an absolute URI such as http://127.0.0.1:8000, but was '" + raw.get() + "'",
          e);
    }
  }

  private Optional<URI> endpointFor(Object builder) {
    return endpointFor(serviceKey(builder.getClass()));
  }

  /** DYNAMODB for software.amazon.awssdk.services.dynamodb.*, DYNAMODB_STREAMS for …dynamodb.streams. */
  static String serviceKey(Class<?> builderClass) {
    String pkg = builderClass.getPackageName();
    if (!pkg.startsWith(SERVICES_PACKAGE)) {
      return "UNKNOWN";
    }
    return pkg.substring(SERVICES_PACKAGE.length()).replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static Region regionFrom(Environment environment) {
    String name = environment.get("AWS_REGION")
        .orElseThrow(() -> new IllegalStateException("Environment variable AWS_REGION is required"
            + " (Lambda always sets it; set it locally, for example AWS_REGION=us-east-1,"
            + " or pass ClientSetup.builder().region(...))"));
    if (!name.matches("[a-z0-9-]+")) {
      throw new IllegalStateException("Environment variable AWS_REGION must be a region name such as"
          + " 'us-east-1', but was '" + name + "'");
    }
    return Region.of(name);
  }

  /** Set on Lambda with SnapStart (and in containers): where the credentials come from. */
  static final String CONTAINER_CREDENTIALS_VARIABLE = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

  private static AwsCredentialsProvider credentialsFrom(Environment environment) {
    boolean onLambda = environment.get("AWS_LAMBDA_FUNCTION_NAME").isPresent();
    Optional<String> containerUri = environment.get(CONTAINER_CREDENTIALS_VARIABLE);
    if (containerUri.isPresent()) {
      return containerCredentials(containerUri.get(), environment);
    }
    if (environment == Environment.system() && onLambda) {
      return EnvironmentVariableCredentialsProvider.create();
    }
    Optional<String> keyId = environment.get("AWS_ACCESS_KEY_ID");
    Optional<String> secret = environment.get("AWS_SECRET_ACCESS_KEY");
    if (keyId.isPresent() && secret.isPresent()) {
      Optional<String> token = environment.get("AWS_SESSION_TOKEN");
      AwsCredentials credentials = token.isPresent()
          ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
          : AwsBasicCredentials.create(keyId.get(), secret.get());
      return StaticCredentialsProvider.create(credentials);
    }
    if (onLambda) {
      String missing = keyId.isEmpty() && secret.isEmpty() ? "none of them"
          : keyId.isEmpty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
      throw new IllegalStateException("On Lambda, credentials are expected in "
          + CONTAINER_CREDENTIALS_VARIABLE + " (SnapStart) or in AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, but " + missing + " was not set");
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * Container credentials from {@code uri}, the token read from the same environment, renewed
   * after every SnapStart restore.
   */
  private static AwsCredentialsProvider containerCredentials(String uri,
      Environment environment) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Environment variable " + CONTAINER_CREDENTIALS_VARIABLE
          + " must be a URI, but was '" + redactedUri(uri) + "'", e);
    }
    RenewedCredentials renewed = new RenewedCredentials(
        () -> new ContainerCredentials(parsed, environment, java.time.Clock.systemUTC()),
        "container credentials from " + redactedUri(uri));
    Lifecycle.register("container credentials", renewed);
    return renewed;
  }

  private static String redactedUri(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  private static SdkHttpClient httpClientFrom(Environment environment) {
    String choice = environment.optional(HTTP_CLIENT_VARIABLE, "urlconnection").toLowerCase(Locale.ROOT);
    switch (choice) {
      case "urlconnection":
        return AwsClients.sharedHttpClient();
      case "crt":
        return SharedHttpClients.crt();
      default:
        throw new IllegalStateException("Environment variable " + HTTP_CLIENT_VARIABLE
            + " must be 'urlconnection' or 'crt', but was '" + choice + "'");
    }
  }

  /**
   * Set-once builder: each setting may be set once; a second call throws {@link
   * IllegalStateException} naming it.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private Environment environment;
    private Region region;
    private AwsCredentialsProvider credentials;
    private SdkHttpClient httpClient;
    private Duration apiCallTimeout;
    private Duration apiCallAttemptTimeout;
    private URI endpointOverride;
    private final java.util.List<MetricPublisher> metricPublishers = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Adds a publisher of the SDK's own call metrics (latency, retries), such as
     * slipstream-metrics' {@code SdkMetricsPublisher}.
     *
     * @param publisher a publisher every configured client gets
     * @return this builder
     */
    public Builder addMetricPublisher(MetricPublisher publisher) {
      metricPublishers.add(requireNonNull(publisher, "publisher must not be null"));
      return this;
    }

    /**
     * Where unset values come from; the process environment by default.
     *
     * @param environment the source of unset values
     * @return this builder
     */
    public Builder environment(Environment environment) {
      this.environment = once.set("environment",
          requireNonNull(environment, "environment must not be null"));
      return this;
    }

    /**
     * The region, instead of {@code AWS_REGION}.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = once.set("region", requireNonNull(region, "region must not be null"));
      return this;
    }

    /**
     * The credentials provider, instead of the environment-based choice.
     *
     * @param credentials the credentials provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = once.set("credentialsProvider",
          requireNonNull(credentials, "credentialsProvider must not be null"));
      return this;
    }

    /**
     * The HTTP client, instead of the shared URL-connection client; the caller closes it.
     *
     * @param httpClient the HTTP client clients share
     * @return this builder
     */
    public Builder httpClient(SdkHttpClient httpClient) {
      this.httpClient = once.set("httpClient",
          requireNonNull(httpClient, "httpClient must not be null"));
      return this;
    }

    /**
     * The limit for one API call, retries included; greater than zero.
     *
     * @param timeout the limit for one API call, retries included
     * @return this builder
     */
    public Builder apiCallTimeout(Duration timeout) {
      this.apiCallTimeout = once.set("apiCallTimeout", requirePositive(timeout, "apiCallTimeout"));
      return this;
    }

    /**
     * The limit for one HTTP attempt; greater than zero, at most the api-call timeout.
     *
     * @param timeout the limit for one HTTP attempt
     * @return this builder
     */
    public Builder apiCallAttemptTimeout(Duration timeout) {
      this.apiCallAttemptTimeout = once.set("apiCallAttemptTimeout",
          requirePositive(timeout, "apiCallAttemptTimeout"));
      return this;
    }

    /**
     * One endpoint for every client, instead of {@code AWS_ENDPOINT_URL*}.
     *
     * @param endpoint the endpoint every client gets, such as {@code http://localhost:8000}
     * @return this builder
     */
    public Builder endpointOverride(URI endpoint) {
      this.endpointOverride = once.set("endpointOverride",
          requireNonNull(endpoint, "endpoint must not be null"));
      return this;
    }

    /**
     * Resolves what was not set from the environment and validates it.
     *
     * @return the settings
     * @throws IllegalStateException naming the variable that is missing or invalid
     */
    public ClientSetup build() {
      return new ClientSetup(this);
    }

    private static Duration requirePositive(Duration value, String what) {
      requireNonNull(value, what + " must not be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be greater than zero, but was " + value);
      }
      return value;
    }
  }
}
