package dev.slipstream.benchmarks;

import dev.slipstream.core.AwsClients;
import dev.slipstream.core.Environment;
import dev.slipstream.examples.users.ProxyRequest;
import dev.slipstream.examples.users.ProxyResponse;
import dev.slipstream.examples.users.UsersApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One cold start, timed from outside by {@code benchmarks/coldstart.sh}: a fresh JVM does its init
 * and answers one request against dynalite, prints its peak RSS, and exits.
 *
 * <ul>
 *   <li>{@code hello}: prints and exits — the JVM's floor;</li>
 *   <li>{@code sdk-default}: {@code DynamoDbClient.builder().region(…).build()} and one GetItem,
 *       with Apache 5 on the class path as most users have it;</li>
 *   <li>{@code slipstream}: {@code AwsClients.build(DynamoDbClient.builder())} and one GetItem;</li>
 *   <li>{@code example}: the reference users API's init and one {@code GET /users/{id}}.</li>
 *   <li>{@code redis-lettuce}: a raw Lettuce client's first {@code GET} of a key in Redis;</li>
 *   <li>{@code redis-tiered}: a {@code TieredCache}'s first {@code get} of that key, with the
 *       defaults (it waits for the connect at most {@code l2Timeout}, then asks the loader);</li>
 *   <li>{@code redis-tiered-l2}: the same after {@code RedisTier.warm}: the first answer from
 *       Redis itself.</li>
 *   <li>{@code redis-jetcache}: JetCache 2.7's Lettuce remote cache, its first {@code get};</li>
 *   <li>{@code redis-redisson}: Redisson 3.52's first {@code RBucket.get}, with one idle
 *       connection (its default of 24 would open 24 connections first: fairness asks for the one
 *       connection every other probe opens).</li>
 * </ul>
 * Reads {@code AWS_REGION}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code USERS_TABLE},
 * {@code USER_ID} and {@code REDIS_URL} from the environment.
 */
public final class ColdStartProbe {

  private ColdStartProbe() {}

  /**
   * Entry point.
   *
   * @param args the mode
   */
  @SuppressWarnings("SystemOut")
  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "hello" : args[0];
    String answer;
    switch (mode) {
      case "hello":
        answer = "hello";
        break;
      case "sdk-default":
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
            .region(Region.of(System.getenv("AWS_REGION")))
            .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB")))
            .build()) {
          answer = getItem(dynamo);
        }
        break;
      case "slipstream":
        try (DynamoDbClient dynamo = AwsClients.build(DynamoDbClient.builder())) {
          answer = getItem(dynamo);
        }
        break;
      case "example":
        try (UsersApp app = UsersApp.create(Environment.system())) {
          ProxyResponse response = app.handle(new ProxyRequest()
              .withHttpMethod("GET").withPath("/users/" + System.getenv("USER_ID")),
              dev.slipstream.core.Invocation.of("probe", dev.slipstream.core.Deadline.none()));
          answer = "status " + response.getStatusCode();
        }
        break;
      case "redis-lettuce": {
        io.lettuce.core.RedisClient client =
            io.lettuce.core.RedisClient.create(System.getenv("REDIS_URL"));
        answer = "value " + client.connect().sync().get(ColdStartSetup.RAW_KEY);
        break;
      }
      case "redis-tiered":
      case "redis-tiered-l2": {
        dev.slipstream.cache.RedisTier tier =
            dev.slipstream.cache.RedisTier.connect(System.getenv("REDIS_URL"));
        if (mode.equals("redis-tiered-l2")) {
          tier.warm(java.time.Duration.ofSeconds(5));
        }
        dev.slipstream.cache.TieredCache<String> cache = dev.slipstream.cache.TieredCache
            .builder(ColdStartSetup.CACHE, dev.slipstream.cache.Codec.utf8()).l2(tier).build();
        answer = "value " + cache.get(ColdStartSetup.CACHED_KEY, key -> "loaded");
        break;
      }
      case "redis-jetcache": {
        io.lettuce.core.RedisClient client =
            io.lettuce.core.RedisClient.create(System.getenv("REDIS_URL"));
        answer = "value " + jetCacheRemote(client).get(ColdStartSetup.RAW_KEY);
        break;
      }
      case "redis-redisson": {
        org.redisson.api.RedissonClient redisson = redisson(System.getenv("REDIS_URL"));
        answer = "value "
            + redisson.<String>getBucket("redisson:" + ColdStartSetup.RAW_KEY).get();
        break;
      }
      default:
        throw new IllegalArgumentException("mode must be hello, sdk-default, slipstream,"
            + " example, redis-lettuce, redis-tiered, redis-tiered-l2, redis-jetcache or redis-redisson,"
            + " but was '" + mode + "'");
    }
    System.out.println(answer + " peakRssKb=" + peakRssKb());
    System.exit(0); // do not wait for SDK or Lettuce threads: the measurement ends here
  }

  /** JetCache's Lettuce remote cache as its README configures it (fastjson2 keys, Java values). */
  static com.alicp.jetcache.Cache<String, String> jetCacheRemote(
      io.lettuce.core.RedisClient client) {
    return com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder
        .createRedisLettuceCacheBuilder().redisClient(client)
        .keyConvertor(com.alicp.jetcache.support.Fastjson2KeyConvertor.INSTANCE)
        .keyPrefix("jetcache:").buildCache();
  }

  /** Redisson with its defaults but one idle connection, like every other probe. */
  static org.redisson.api.RedissonClient redisson(String uri) {
    org.redisson.config.Config config = new org.redisson.config.Config();
    config.useSingleServer().setAddress(uri).setConnectionMinimumIdleSize(1);
    return org.redisson.Redisson.create(config);
  }

  private static String getItem(DynamoDbClient dynamo) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(System.getenv("USERS_TABLE"))
        .key(Map.of("id", AttributeValue.fromS(System.getenv("USER_ID"))))).item();
    return item.isEmpty() ? "absent" : "found";
  }

  /** Read directly: MemoryProfiler would start the management beans inside the timed run. */
  private static long peakRssKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
