package dev.slipstream.examples.users.local;

import dev.slipstream.core.Environment;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Invocation;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.Priming;
import dev.slipstream.dynamo.BatchWriteResult;
import dev.slipstream.examples.users.LocalSeed;
import dev.slipstream.examples.users.UsersApp;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.RedisServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code scripts/run-example.sh}: dynalite (and redis-server, when installed) on loopback, the
 * users table with about a thousand users, and the handler on {@code http://127.0.0.1:8080}.
 * Ctrl-C stops it and everything it started.
 *
 * <p>Arguments: {@code --port N} (0 for any free port), {@code --users N}.
 */
public final class LocalRunner {

  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Barbara", "Edsger", "Margaret",
      "Donald", "Frances", "John", "Radia", "Ken", "Leslie", "Niklaus", "Sophie", "Tim", "Katherine"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra",
      "Hamilton", "Knuth", "Allen", "Backus", "Perlman", "Thompson", "Lamport", "Wirth", "Wilson"};
  private static final String[] STATUSES = {"active", "active", "active", "invited", "suspended"};

  private LocalRunner() {}

  /**
   * Starts everything and serves until interrupted.
   *
   * @param args {@code --port N}, {@code --users N}
   */
  /** The time each local request gets, as a function's timeout would give it. */
  static final java.time.Duration LOCAL_TIMEOUT = java.time.Duration.ofSeconds(10);

  public static void main(String[] args) throws Exception {
    int port = intArg(args, "--port", 8080);
    int seedCount = intArg(args, "--users", 1000);

    DynaliteExtension dynalite = new DynaliteExtension();
    dynalite.startOnFreePort();
    say("dynalite     http://127.0.0.1:" + dynalite.port() + " (pid " + dynalite.pid() + ")");
    RedisServerExtension redis = new RedisServerExtension();
    try {
      redis.startOnFreePort();
      say("redis-server " + redis.uri() + " (pid " + redis.pid() + ")");
    } catch (IllegalStateException e) { // not installed, or would not start: Redis is optional
      say("redis-server unavailable, the cache runs L1 only: " + e.getMessage());
      redis = null;
    }

    Map<String, String> env = new HashMap<>(dynalite.awsEnvironment());
    env.put("USERS_TABLE", "users");
    if (redis != null) {
      env.put("REDIS_URL", redis.uri());
    }
    UsersApp app = UsersApp.create(Environment.of(env));
    LocalSeed.createTable(app);
    Priming.register("users-app", app::prime);
    Lifecycle.initComplete();
    List<String> ids = seed(app, seedCount);

    HttpAdapter http = new HttpAdapter(port, event -> Lifecycle.invoke(
        Invocation.of(java.util.UUID.randomUUID().toString(), Deadline.after(LOCAL_TIMEOUT)),
        invocation -> app.handle(event, invocation)));
    RedisServerExtension startedRedis = redis;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      say("stopping");
      http.close();
      app.close();
      if (startedRedis != null) {
        startedRedis.stop();
      }
      dynalite.stop();
      stopped.countDown();
    }, "local-runner-stop"));

    String base = "http://127.0.0.1:" + http.port();
    say("Listening on " + base + " — Ctrl-C stops everything");
    say("Try:");
    say("  curl -s " + base + "/users/" + ids.get(0));
    say("  curl -s '" + base + "/users?status=active&limit=5'");
    say("  curl -s -X POST " + base + "/users/batch-get -d '{\"ids\":[\"" + ids.get(1) + "\",\""
        + ids.get(2) + "\"]}'");
    say("  curl -s -X PUT " + base + "/users/" + ids.get(0)
        + " -d '{\"name\":\"Ada King\",\"email\":\"ada@example.com\",\"status\":\"active\"}'");
    say("  curl -s -X POST " + base + "/users/import -d '{\"users\":[{\"name\":\"New User\","
        + "\"email\":\"new@example.com\",\"status\":\"invited\"}]}'");
    stopped.await();
  }

  private static List<String> seed(UsersApp app, int count) {
    Random random = new Random(7);
    long now = System.currentTimeMillis();
    List<Map<String, AttributeValue>> items = new ArrayList<>(count);
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
          random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
      String first = FIRST[random.nextInt(FIRST.length)];
      String last = LAST[random.nextInt(LAST.length)];
      items.add(Map.of(
          "id", AttributeValue.fromS(id),
          "name", AttributeValue.fromS(first + " " + last),
          "email", AttributeValue.fromS(first.toLowerCase() + "." + last.toLowerCase() + i
              + "@example.com"),
          "status", AttributeValue.fromS(STATUSES[random.nextInt(STATUSES.length)]),
          "createdAt", AttributeValue.fromN(Long.toString(now - i * 60_000L)),
          "updatedAt", AttributeValue.fromN(Long.toString(now - i * 60_000L))));
      ids.add(id);
    }
    BatchWriteResult result = LocalSeed.write(app, items);
    say("seeded " + result.writtenCount() + " users in " + result.stats().requests()
        + " BatchWriteItem requests, " + result.stats().elapsed().toMillis() + " ms");
    return ids;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        try {
          return Integer.parseInt(args[i + 1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " takes a whole number, but got '" + args[i + 1]
              + "'", e);
        }
      }
    }
    return fallback;
  }

  @SuppressWarnings("SystemOut") // a command-line program talking to its user
  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
