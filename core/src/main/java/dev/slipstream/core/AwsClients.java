package dev.slipstream.core;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Fast-start defaults for any AWS SDK v2 synchronous client, read from the process environment.
 * See {@link ClientSetup} for what is set and why; use it directly to configure from another
 * {@link Environment} or to override a setting.
 *
 * <pre>{@code
 * private static final Lazy<DynamoDbClient> DYNAMO =
 *     Lazy.of(() -> AwsClients.build(DynamoDbClient.builder()));
 * }</pre>
 */
public final class AwsClients {

  private static final Lazy<ClientSetup> DEFAULTS = Lazy.of(() -> ClientSetup.builder().build());

  private AwsClients() {}

  /**
   * Applies the defaults to {@code builder} and returns it.
   *
   * @param <B> the builder type
   * @param <C> the client type
   * @param builder any AWS SDK v2 synchronous client builder, such as {@code
   *     DynamoDbClient.builder()}
   * @return {@code builder}, configured
   * @throws IllegalStateException if the environment lacks or garbles a needed variable
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder) {
    return DEFAULTS.get().configure(builder);
  }

  /**
   * Applies the defaults to {@code builder} and builds the client.
   *
   * @param <B> the builder type
   * @param <C> the client type
   * @param builder any AWS SDK v2 synchronous client builder, such as {@code
   *     DynamoDbClient.builder()}
   * @return the client, built
   * @throws IllegalStateException if the environment lacks or garbles a needed variable
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder) {
    return DEFAULTS.get().build(builder);
  }

  /**
   * The settings read from the process environment, resolved once.
   *
   * @return the settings every default client gets
   */
  public static ClientSetup defaults() {
    return DEFAULTS.get();
  }

  /**
   * The process-wide {@code UrlConnectionHttpClient} every default client shares (a documented
   * singleton): one connection cache, one set of threads, built on first use.
   *
   * @return the shared HTTP client; callers must not close it
   */
  public static SdkHttpClient sharedHttpClient() {
    return SharedHttpClients.urlConnection();
  }
}
