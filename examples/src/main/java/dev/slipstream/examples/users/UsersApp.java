package dev.slipstream.examples.users;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.slipstream.cache.CacheStats;
import dev.slipstream.cache.Codec;
import dev.slipstream.cache.RedisTier;
import dev.slipstream.cache.TieredCache;
import dev.slipstream.core.Breakers;
import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Environment;
import dev.slipstream.dynamo.DynamoBatch;
import dev.slipstream.metrics.EmfSink;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.MetricsSink;
import dev.slipstream.metrics.SdkMetricsPublisher;
import dev.slipstream.profiler.MemoryProfiler;
import dev.slipstream.profiler.MemoryReport;
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
 *   <li>{@code AWS_REGION}, {@code AWS_ENDPOINT_URL_DYNAMODB}: read by core's {@code AwsClients}.</li>
 * </ul>
 *
 * <p>Per invocation: a {@link MemoryProfiler} around the request, its report logged and recorded,
 * and one EMF flush of everything measured (the {@code MeasuredUserService} decorator, SDK calls,
 * memory, and the cold start).
 */
public final class UsersApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UsersApp.class);
  /** Kept free at the end of an invocation to write the response and flush metrics. */
  static final Duration RESPONSE_MARGIN = Duration.ofMillis(300);

  private final DynamoDbClient dynamo;
  private final RedisTier redis;
  private final TieredCache<User> cache;
  private final DynamoBatch batch;
  private final Metrics metrics;
  private final UsersApi api;
  private final String table;

  private UsersApp(Environment env, MetricsSink sink, String cacheNamespace) {
    this.table = env.required("USERS_TABLE");
    this.metrics = Metrics.builder("SlipstreamUsers").defaultDimension("Service", "users")
        .sink(sink).build();
    this.dynamo = ClientSetup.builder().environment(env)
        .apiCallTimeout(Duration.ofSeconds(5))
        .apiCallAttemptTimeout(Duration.ofSeconds(2))
        .addMetricPublisher(SdkMetricsPublisher.to(metrics))
        .build().build(DynamoDbClient.builder());
    this.redis = env.get("REDIS_URL").map(RedisTier::connect).orElse(null);
    TieredCache.Builder<User> cacheBuilder = TieredCache.builder(cacheNamespace,
            Codec.json(User.class))
        .l1MaximumSize(5_000)
        .l1Ttl(Duration.ofSeconds(30))
        .l2Ttl(Duration.ofMinutes(10))
        .negativeTtl(Duration.ofSeconds(10));
    if (redis != null) {
      cacheBuilder.l2(redis).breaker(Breakers.forDependency("redis:" + cacheNamespace));
    }
    this.cache = cacheBuilder.build();
    this.batch = DynamoBatch.builder().client(dynamo).keyAttributes(table, "id").build();
    CircuitBreaker dynamoBreaker = Breakers.forDependency("dynamodb:" + table);
    Cursors cursors = new Cursors(env.get("CURSOR_SECRET")
        .map(s -> s.getBytes(StandardCharsets.UTF_8))
        .orElseGet(() -> localSecret(env)));
    UserService service = new MeasuredUserService(new DynamoUserService(dynamo, batch, cache,
        dynamoBreaker, cursors, table, Clock.systemUTC()), metrics);
    this.api = new UsersApi(service, System::currentTimeMillis);
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

  /** Handles one API Gateway proxy event; {@code context} may be null off Lambda. */
  public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
    String route = UsersApi.route(event);
    MemoryProfiler profiler = MemoryProfiler.start(route);
    Deadline deadline = context == null ? Deadline.none()
        : Deadline.fromRemainingMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
    if (context != null) {
      metrics.metadata("RequestId", context.getAwsRequestId());
    }
    try {
      return api.handle(event, deadline);
    } finally {
      MemoryReport report = profiler.stop();
      LOG.info("{}", report);
      report.recordTo(metrics);
      metrics.flush();
    }
  }

  /** Connects what can be connected ahead of the first request (the SnapStart primer). */
  public void warm() {
    dynamo.describeTable(b -> b.tableName(table));
    if (redis != null) {
      redis.warm();
    }
  }

  /** Hears other instances' invalidations of this instance's cache; for tests and logs. */
  void onCacheInvalidation(java.util.function.Consumer<String> listener) {
    cache.onInvalidation(listener);
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
    cache.close();
    batch.close();
    dynamo.close();
    if (redis != null) {
      redis.close();
    }
  }
}
