package dev.slipstream.examples.users;

import dev.slipstream.cache.CacheStats;
import dev.slipstream.cache.Codec;
import dev.slipstream.cache.RedisTier;
import dev.slipstream.cache.TieredCache;
import dev.slipstream.core.Breakers;
import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Environment;
import dev.slipstream.core.Invocation;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.dynamo.DynamoBatch;
import dev.slipstream.metrics.EmfSink;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.MetricsSink;
import dev.slipstream.metrics.SdkMetricsPublisher;
import dev.slipstream.profiler.InvocationProfiles;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything the users API needs, built once per process from environment variables:
 *
 * <ul>
 *   <li>{@code USERS_TABLE} (required): the DynamoDB table;</li>
 *   <li>{@code REDIS_URL} (optional): {@code redis://} or {@code rediss://}; without it the cache
 *       is L1 only;</li>
 *   <li>{@code CURSOR_SECRET} (required on Lambda, at least 16 bytes): signs listing cursors;</li>
 *   <li>{@code STAGE} (optional, default {@code local}): the metrics' {@code Stage} dimension,
 *       beside {@code Function} (Lambda's function name) and {@code Table};</li>
 *   <li>{@code PRIME_USER_ID} (optional): the user the primer reads (a hot one is best);</li>
 *   <li>{@code AWS_REGION}, {@code AWS_ENDPOINT_URL_DYNAMODB}: read by core's {@code AwsClients}.</li>
 * </ul>
 *
 * <p>Init starts the Redis connect first, builds the DynamoDB client while it runs, and waits for
 * Redis at most {@link #REDIS_INIT_WAIT} at the end: no request pays for the connect. Per
 * invocation ({@link #handle}, run through core's {@code Lifecycle}): a deadline from the
 * remaining time, the request id in the MDC, a memory profile, and one EMF flush of everything
 * measured (the {@code MeasuredUserService} decorator, SDK calls, memory, the cold start) — the
 * lifecycle hooks of {@code Metrics} and {@code InvocationProfiles}, not code here. A 5xx answer
 * marks the invocation failed, so that it is counted although Lambda sees a success.
 */
public final class UsersApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UsersApp.class);
  /**
   * Kept free at the end of an invocation: invalidating what an import touched, writing the
   * response, flushing metrics. Measured under the runtime client with Lambda's 512 MB flags, the
   * tail after a stalled batch takes 150-400 ms (metaspace GCs included).
   */
  static final Duration RESPONSE_MARGIN = Duration.ofMillis(500);
  /** The longest init waits for Redis (the connect runs beside the rest of init). */
  static final Duration REDIS_INIT_WAIT = Duration.ofSeconds(1);

  private final DynamoDbClient dynamo;
  private final RedisTier redis;
  private final TieredCache<User> cache;
  private final DynamoBatch batch;
  private final Metrics metrics;
  private final UsersApi api;
  private final String table;
  private final Lifecycle.Registration memory;
  private final Codec<User> codec = Codec.json(User.class);
  private final String primeUserId; // null: a random (absent) id

  private UsersApp(Environment env, MetricsSink sink, String cacheNamespace) {
    this.table = env.required("USERS_TABLE");
    this.primeUserId = env.get("PRIME_USER_ID").orElse(null);
    // Redis first: its connect (TLS, AUTH) runs in the background while the rest is built.
    this.redis = env.get("REDIS_URL").map(RedisTier::connect).orElse(null);
    if (redis != null) {
      redis.warm(Duration.ZERO);
    }
    // Stage, function and table from the configuration, so that stages and functions write their
    // own series; a Service+Stage rollup sums both functions (the template's alarm watches it).
    this.metrics = Metrics.builder("SlipstreamUsers").defaultDimension("Service", "users")
        .defaultDimension("Stage", env.get("STAGE").orElse("local"))
        .defaultDimension("Function", env.get("AWS_LAMBDA_FUNCTION_NAME").orElse("local"))
        .defaultDimension("Table", table)
        .dimensionSet("Service", "Stage")
        .sink(sink).build();
    // After metrics: end-of-invocation hooks run in reverse order, the report before the flush.
    this.memory = Lifecycle.register("memory", InvocationProfiles.recordingTo(metrics));
    // The SDK client on a thread of its own (its classes load while this one loads the rest).
    java.util.concurrent.CompletableFuture<DynamoDbClient> dynamoClient =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> ClientSetup.builder()
            .environment(env)
            .apiCallTimeout(Duration.ofSeconds(5))
            .apiCallAttemptTimeout(Duration.ofSeconds(2))
            .addMetricPublisher(SdkMetricsPublisher.to(metrics))
            .build().build(DynamoDbClient.builder()), task -> {
              Thread thread = new Thread(task, "init-dynamodb");
              thread.setDaemon(true);
              thread.start();
            });
    TieredCache.Builder<User> cacheBuilder = TieredCache.builder(cacheNamespace, codec)
        .l1MaximumSize(5_000)
        .l1Ttl(Duration.ofSeconds(30))
        .l2Ttl(Duration.ofMinutes(10))
        .negativeTtl(Duration.ofSeconds(10));
    if (redis != null) {
      cacheBuilder.l2(redis).breaker(Breakers.forDependency("redis:" + cacheNamespace));
    }
    this.cache = cacheBuilder.build();
    this.dynamo = join(dynamoClient);
    this.batch = DynamoBatch.builder().client(dynamo).keyAttributes(table, "id")
        .listener(new BatchLog()).build();
    CircuitBreaker dynamoBreaker = Breakers.forDependency("dynamodb:" + table);
    Cursors cursors = new Cursors(env.get("CURSOR_SECRET")
        .map(s -> s.getBytes(StandardCharsets.UTF_8))
        .orElseGet(() -> localSecret(env)));
    UserService service = new MeasuredUserService(new DynamoUserService(dynamo, batch, cache,
        dynamoBreaker, cursors, table, Clock.systemUTC()), metrics);
    this.api = new UsersApi(service, System::currentTimeMillis);
    if (redis != null && !redis.warm(REDIS_INIT_WAIT)) {
      LOG.warn("Redis not connected after {} ms of init; the cache goes on without it until it is",
          REDIS_INIT_WAIT.toMillis());
    }
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause; // a configuration error names the variable: keep it as it is
      }
      throw e;
    }
  }

  /** The app, configured from {@code env}, writing metrics as EMF to standard output. */
  public static UsersApp create(Environment env) {
    return new UsersApp(env, EmfSink.stdout(), "users");
  }

  /** The app with another metrics sink and cache name; for tests. */
  static UsersApp create(Environment env, MetricsSink sink, String cacheName) {
    return new UsersApp(env, sink, cacheName);
  }

  private static byte[] localSecret(Environment env) {
    if (env.get("AWS_LAMBDA_FUNCTION_NAME").isPresent()) {
      throw new IllegalStateException("Environment variable CURSOR_SECRET is required on Lambda:"
          + " cursors must verify on every instance");
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  /**
   * Handles one API Gateway proxy event; run it through {@code Lifecycle.invoke}, which does the
   * chores around it.
   *
   * @param event the request
   * @param invocation the invocation, its deadline the time Lambda gives it
   * @return the response; a 5xx also marks the invocation failed
   */
  public ProxyResponse handle(ProxyRequest event,
      Invocation invocation) {
    ProxyResponse response =
        api.handle(event, invocation.deadline().minus(RESPONSE_MARGIN));
    if (response.getStatusCode() >= 500) {
      invocation.fail(new IllegalStateException("answered " + response.getStatusCode() + " to "
          + UsersApi.route(event)));
    }
    return response;
  }

  /**
   * A real request's code paths, with nothing to change: a read of a user (DynamoDB, the cache and
   * Redis, JSON; {@code PRIME_USER_ID}, or an id that does not exist) and a listing (the status
   * index). For the primers: they run at init, or before a SnapStart snapshot.
   */
  public void prime() {
    String id = primeUserId != null ? primeUserId : java.util.UUID.randomUUID().toString();
    handle(new ProxyRequest().withHttpMethod("GET").withPath("/users/" + id),
        Invocation.of("primer", Deadline.none()));
    ProxyResponse listed = handle(new ProxyRequest()
        .withHttpMethod("GET").withPath("/users")
        .withQueryStringParameters(java.util.Map.of("status", "active", "limit", "1")),
        Invocation.of("primer", Deadline.none()));
    warmEnvelope(listed);
    // The cache's codec both ways: a primed read fills Redis (encode), a restored one reads it.
    codec.decode(codec.encode(new User(id, "Primer", "primer@example.com", "active", 0, 0)));
  }

  /** The event envelope both ways, as the stream handler reads and writes every invocation. */
  private static void warmEnvelope(ProxyResponse sample) {
    try {
      ProxyRequest.read(("{\"httpMethod\":\"GET\",\"path\":\"/users\",\"headers\":{\"a\":\"b\"},"
          + "\"queryStringParameters\":{\"limit\":\"1\"},\"body\":null,\"isBase64Encoded\":false,"
          + "\"requestContext\":{\"requestId\":\"primer\"}}").getBytes(StandardCharsets.UTF_8));
      sample.writeTo(java.io.OutputStream.nullOutputStream());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The cache's counters; for tests and diagnostics. */
  public CacheStats cacheStats() {
    return cache.stats();
  }

  DynamoDbClient dynamo() {
    return dynamo;
  }

  DynamoBatch batch() {
    return batch;
  }

  String table() {
    return table;
  }

  /** Closes the clients; a Lambda process never needs to. */
  @Override
  public void close() {
    memory.close();
    metrics.close();
    cache.close();
    batch.close();
    dynamo.close();
    if (redis != null) {
      redis.close();
    }
  }
}
