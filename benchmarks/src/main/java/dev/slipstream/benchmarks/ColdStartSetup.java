package dev.slipstream.benchmarks;

import dev.slipstream.core.Environment;
import dev.slipstream.examples.users.LocalSeed;
import dev.slipstream.examples.users.UsersApp;
import dev.slipstream.testing.DynaliteExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Starts dynalite with the users table and one user for {@code coldstart.sh}, prints the
 * environment the probes need as {@code KEY=value} lines, and keeps running until killed.
 */
public final class ColdStartSetup {

  static final String USER_ID = "0b6f1d7e-6c5a-4b8e-9d3f-2a1c4e5f6a7b";
  static final String RAW_KEY = "coldstart:user";
  static final String CACHE = "coldstart";
  static final String CACHED_KEY = "user";

  private ColdStartSetup() {}

  /**
   * Entry point.
   *
   * @param args ignored
   */
  @SuppressWarnings("SystemOut")
  public static void main(String[] args) throws Exception {
    DynaliteExtension dynalite = new DynaliteExtension();
    dynalite.startOnFreePort();
    Runtime.getRuntime().addShutdownHook(new Thread(dynalite::stop));
    dev.slipstream.testing.RedisServerExtension redis = new dev.slipstream.testing.RedisServerExtension();
    redis.startOnFreePort();
    Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
    try (var c = client.connect()) {
      String value = "{\"id\":\"" + USER_ID + "\",\"name\":\"Ada Lovelace\"}";
      c.sync().set(RAW_KEY, value);
      c.sync().set("slipstream:" + CACHE + ":" + CACHED_KEY, "\u0001\u0000" + value); // framed
    } finally {
      client.shutdown();
    }
    String peerValue = "{\"id\":\"" + USER_ID + "\",\"name\":\"Ada Lovelace\"}";
    io.lettuce.core.RedisClient jetCacheClient = io.lettuce.core.RedisClient.create(redis.uri());
    com.alicp.jetcache.Cache<String, String> jetCache = ColdStartProbe.jetCacheRemote(jetCacheClient);
    jetCache.put(RAW_KEY, peerValue); // in JetCache's own key and value format
    jetCache.close();
    jetCacheClient.shutdown();
    org.redisson.api.RedissonClient redisson = ColdStartProbe.redisson(redis.uri());
    redisson.<String>getBucket("redisson:" + RAW_KEY).set(peerValue); // its default codec
    redisson.shutdown();
    Map<String, String> env = new HashMap<>(dynalite.awsEnvironment());
    env.put("USERS_TABLE", "users");
    env.put("REDIS_URL", redis.uri());
    try (UsersApp app = UsersApp.create(Environment.of(env))) {
      LocalSeed.createTable(app);
      LocalSeed.write(app, List.of(Map.of(
          "id", AttributeValue.fromS(USER_ID),
          "name", AttributeValue.fromS("Ada Lovelace"),
          "email", AttributeValue.fromS("ada@example.com"),
          "status", AttributeValue.fromS("active"),
          "createdAt", AttributeValue.fromN("1764201600000"),
          "updatedAt", AttributeValue.fromN("1764201600000"))));
    }
    env.put("USER_ID", USER_ID);
    env.forEach((k, v) -> System.out.println(k + "=" + v));
    System.out.println("READY");
    System.out.flush();
    Thread.currentThread().join(); // until the script kills us
  }
}
