package dev.slipstream.benchmarks;

import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Environment;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.RedisServerExtension;
import dev.slipstream.testing.lambda.CredentialsEndpoint;
import dev.slipstream.testing.lambda.LambdaProcess;
import dev.slipstream.testing.lambda.RuntimeApiEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Cold starts as Lambda runs them: each handler's deploy jar under AWS's runtime interface client
 * in a fresh JVM with Lambda's 512 MB flags, polling a loopback Runtime API; dynalite and
 * redis-server on loopback. For each setup, the median of several processes: init (JVM start to
 * the first poll), the first response (event handed out to answer), and their sum; for SnapStart,
 * the restore and the first response after it. Also classes loaded during that first response,
 * with and without the example's preload list. {@code archives}: the same on-demand cold starts
 * with class-data archives written by training runs, on Java 25 (AOT cache) and this JVM (CDS).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.slipstream.benchmarks.LambdaColdStart 5
 * java -cp benchmarks/target/benchmarks.jar dev.slipstream.benchmarks.LambdaColdStart archives 5
 * java -cp benchmarks/target/benchmarks.jar dev.slipstream.benchmarks.LambdaColdStart preload-list FILE
 * </pre>
 */
public final class LambdaColdStart {

  static final Path TARGET = Path.of("benchmarks", "target");
  static final Path EXAMPLE = Path.of("examples", "target", "users-lambda.jar");
  static final Path BASELINE = TARGET.resolve("baseline-lambda.jar");
  static final String EXAMPLE_HANDLER =
      "dev.slipstream.examples.users.UsersHandler::handleRequest";
  static final String BASELINE_HANDLER =
      "dev.slipstream.benchmarks.baseline.BaselineHandler::handleRequest";
  static final Duration WAIT = Duration.ofSeconds(90);

  final Map<String, String> environment;
  private final String userId;
  private final String redisUri;
  private final List<Path> runtimeClient;
  final List<Path> apache;

  private LambdaColdStart(Map<String, String> environment, String userId) throws IOException {
    this.environment = environment;
    this.userId = userId;
    this.redisUri = environment.get("REDIS_URL");
    this.runtimeClient = jars(TARGET.resolve("runtime-client"));
    this.apache = jars(TARGET.resolve("sdk-default-libs"));
  }

  /** One process's figures, in milliseconds; -1 where a setup has none. */
  record Run(double init, double firstResponse, double restore, double afterRestore,
      int classesInFirstResponse) {}

  public static void main(String[] args) throws Exception {
    DynaliteExtension dynalite = new DynaliteExtension();
    dynalite.startOnFreePort();
    RedisServerExtension redis = new RedisServerExtension();
    redis.startOnFreePort();
    try {
      Map<String, String> env = new HashMap<>(dynalite.awsEnvironment());
      env.put("USERS_TABLE", "users");
      env.put("REDIS_URL", redis.uri());
      env.put("CURSOR_SECRET", "a-cold-start-secret-of-some-length");
      String id = seed(env);
      LambdaColdStart harness = new LambdaColdStart(env, id);
      if (args.length > 0 && args[0].equals("preload-list")) {
        harness.writePreloadList(Path.of(args[1]));
      } else if (args.length > 0 && args[0].equals("archives")) {
        new ArchiveColdStart(harness).report(args.length > 1 ? Integer.parseInt(args[1]) : 5);
      } else {
        harness.report(args.length > 0 ? Integer.parseInt(args[0]) : 5);
      }
    } finally {
      redis.stop();
      dynalite.stop();
    }
    System.exit(0);
  }

  private void report(int runs) throws Exception {
    List<Run> baseline = repeat(runs, () -> onDemand(BASELINE, BASELINE_HANDLER, Map.of()));
    List<Run> example = repeat(runs, () -> onDemand(EXAMPLE, EXAMPLE_HANDLER, Map.of()));
    List<Run> unprimed = repeat(runs, () -> onDemand(EXAMPLE, EXAMPLE_HANDLER,
        Map.of("SLIPSTREAM_PRIME_AT_INIT", "false")));
    List<Run> restored = repeat(runs, () -> restored(false, Map.of()));
    List<Run> restoredNoList = repeat(runs, () -> restored(false,
        Map.of("SLIPSTREAM_PRELOAD_CLASSES", "false")));
    double classesWith = median(repeat(runs, () -> restored(true, Map.of())),
        r -> (double) r.classesInFirstResponse());
    double classesWithout = median(repeat(runs, () -> restored(true,
        Map.of("SLIPSTREAM_PRELOAD_CLASSES", "false"))), r -> (double) r.classesInFirstResponse());

    System.out.println("# Lambda cold start under the runtime interface client — "
        + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ", "
        + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    System.out.println();
    System.out.println("Median of " + runs + " processes per row, `GET /users/{id}` of an existing"
        + " user, Redis on; Lambda's 512 MB flags (`-XX:+UseSerialGC -XX:TieredStopAtLevel=1`,"
        + " heap 85 %), `aws-lambda-java-runtime-interface-client` 2.10.1 polling a loopback"
        + " Runtime API (`benchmarks/coldstart.sh`, `LambdaColdStart`). Init: JVM start → first"
        + " poll. First response: event handed out → answer.");
    System.out.println();
    System.out.println("| on-demand (and provisioned concurrency) | init | first response |"
        + " init + first | × baseline |");
    System.out.println("|---|---|---|---|---|");
    double base = median(baseline, r -> r.init() + r.firstResponse());
    onDemandRow("(a) baseline: SDK defaults (Apache 5, provider chains), Lettuce connected on"
        + " first use", baseline, base);
    onDemandRow("(b) the users API: primers at init (the default)", example, base);
    onDemandRow("(b') the users API, `SLIPSTREAM_PRIME_AT_INIT=false`", unprimed, base);
    System.out.println();
    System.out.println("| SnapStart (emulated: the client's CRaC hooks, `/restore/next`) | init"
        + " to snapshot | restore | first response after it | restore + first |"
        + " classes loaded in it |");
    System.out.println("|---|---|---|---|---|---|");
    snapRow("(c) the users API", restored, classesWith);
    snapRow("(c') the same without the preload list (`SLIPSTREAM_PRELOAD_CLASSES=false`)",
        restoredNoList, classesWithout);
  }

  private static void onDemandRow(String name, List<Run> runs, double baseline) {
    double sum = median(runs, r -> r.init() + r.firstResponse());
    System.out.printf("| %s | %s | %s | %s | %.2f× |%n", name, ms(median(runs, Run::init)),
        ms(median(runs, Run::firstResponse)), ms(sum), sum / baseline);
  }

  private static void snapRow(String name, List<Run> runs, double classes) {
    System.out.printf("| %s | %s | %s | %s | %s | %.0f |%n", name, ms(median(runs, Run::init)),
        ms(median(runs, Run::restore)), ms(median(runs, Run::afterRestore)),
        ms(median(runs, r -> r.restore() + r.afterRestore())), classes);
  }

  interface Measure {
    Run run() throws Exception;
  }

  /** Each run starts from an empty Redis: its first request is a real miss, to DynamoDB. */
  List<Run> repeat(int runs, Measure measure) throws Exception {
    List<Run> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redisUri);
      try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
        c.sync().flushall();
      } finally {
        client.shutdown();
      }
      results.add(measure.run());
    }
    return results;
  }

  private Run onDemand(Path jar, String handler, Map<String, String> extra) throws Exception {
    return onDemand(Path.of(System.getProperty("java.home")), false, jar, handler, extra);
  }

  /** With {@code image}: started with examples/Dockerfile's flags, not the managed launcher's. */
  Run onDemand(Path javaHome, boolean image, Path jar, String handler,
      Map<String, String> extra, String... jvmFlags) throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(extra);
    LambdaProcess.Builder builder = ArchiveColdStart.launcher(builder(jar, handler, false), image)
        .javaHome(javaHome).classPath(jar.equals(BASELINE) ? apache : List.of()).env(env);
    for (String flag : jvmFlags) {
      builder.jvmFlag(flag);
    }
    try (RuntimeApiEmulator api = RuntimeApiEmulator.start();
        LambdaProcess function = builder.start(api)) {
      if (!api.awaitReady(WAIT)) {
        throw new IllegalStateException("no first poll; output: " + function.output());
      }
      double init = millis(api.readyAtNanos() - function.startedNanos());
      RuntimeApiEmulator.Response response = first(api);
      return new Run(init, millis(response.nanos()), -1, -1, -1);
    }
  }

  private Run restored(boolean logClasses, Map<String, String> extra) throws Exception {
    try (RuntimeApiEmulator api = RuntimeApiEmulator.start();
        CredentialsEndpoint credentials = CredentialsEndpoint.start("cold-start")) {
      Map<String, String> env = new HashMap<>(environment);
      env.remove("AWS_ACCESS_KEY_ID");
      env.remove("AWS_SECRET_ACCESS_KEY");
      env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
      env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.token());
      env.put("PRIME_USER_ID", userId);
      env.putAll(extra);
      try (LambdaProcess function = builder(EXAMPLE, EXAMPLE_HANDLER, logClasses).env(env)
          .snapStart().start(api)) {
        if (!api.awaitSnapshotPoint(WAIT)) {
          throw new IllegalStateException("no snapshot point; output: " + function.output());
        }
        double init = millis(api.snapshotPointNanos() - function.startedNanos());
        long restoreAt = System.nanoTime();
        api.restore();
        if (!api.awaitReady(WAIT)) {
          throw new IllegalStateException("no poll after restore; output: " + function.output());
        }
        double restore = millis(api.readyAtNanos() - restoreAt);
        RuntimeApiEmulator.Response response = first(api);
        long answeredAt = System.nanoTime();
        long handedOutAt = answeredAt - response.nanos();
        int classes = (int) function.lines().stream()
            .filter(l -> l.nanos() >= handedOutAt && l.nanos() <= answeredAt)
            .filter(l -> l.text().contains("[class,load]")).count();
        return new Run(init, -1, restore, millis(response.nanos()), logClasses ? classes : -1);
      }
    }
  }

  /** Classes loaded by one request of each route after a restore: the example's preload list. */
  private void writePreloadList(Path file) throws Exception {
    try (RuntimeApiEmulator api = RuntimeApiEmulator.start();
        CredentialsEndpoint credentials = CredentialsEndpoint.start("preload")) {
      Map<String, String> env = new HashMap<>(environment);
      env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
      env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.token());
      env.put("SLIPSTREAM_PRELOAD_CLASSES", "false");
      try (LambdaProcess function = builder(EXAMPLE, EXAMPLE_HANDLER, true).env(env).snapStart()
          .start(api)) {
        if (!api.awaitSnapshotPoint(WAIT)) {
          throw new IllegalStateException("no snapshot point; output: " + function.output());
        }
        api.restore();
        api.awaitReady(WAIT);
        long after = System.nanoTime();
        String id = UUID.randomUUID().toString();
        for (String event : List.of(
            event("GET", "/users/" + userId, null),
            event("GET", "/users/" + UUID.randomUUID(), null),
            event("GET", "/users?status=active&limit=5", null),
            event("POST", "/users/batch-get", "{\"ids\":[\"" + userId + "\"]}"),
            event("PUT", "/users/" + userId, "{\"name\":\"Ada\",\"email\":\"a@example.com\","
                + "\"status\":\"active\"}"),
            event("POST", "/users/import", "{\"users\":[{\"id\":\"" + id + "\",\"name\":\"N\","
                + "\"email\":\"n@example.com\",\"status\":\"invited\"}]}"),
            event("GET", "/nowhere", null))) {
          api.invoke(event, Duration.ofSeconds(30), WAIT);
        }
        TreeSet<String> classes = function.lines().stream().filter(l -> l.nanos() >= after)
            .map(LambdaProcess.Line::text).filter(t -> t.contains("[class,load]"))
            .map(t -> t.replaceAll(".*\\[class,load\\] (\\S+) source: .*", "$1"))
            .filter(name -> !name.contains("$$Lambda") && !name.contains("/0x")
                && !name.startsWith("jdk.internal.reflect.Generated")
                && !name.contains("[class,load]"))
            .collect(Collectors.toCollection(TreeSet::new));
        List<String> lines = new ArrayList<>();
        lines.add("# Classes one request of each route loads after a SnapStart restore, when the"
            + " primer has run.");
        lines.add("# Generated by benchmarks' LambdaColdStart preload-list; loaded (not initialized)"
            + " by Slipstream's Lifecycle after the primers.");
        lines.addAll(classes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
        System.out.println(classes.size() + " classes written to " + file);
      }
    }
  }

  private static String event(String method, String pathAndQuery, String body) {
    String path = pathAndQuery;
    String query = "null";
    int q = pathAndQuery.indexOf('?');
    if (q >= 0) {
      path = pathAndQuery.substring(0, q);
      query = "{" + Stream.of(pathAndQuery.substring(q + 1).split("&"))
          .map(kv -> "\"" + kv.replace("=", "\":\"") + "\"").collect(Collectors.joining(","))
          + "}";
    }
    return "{\"httpMethod\":\"" + method + "\",\"path\":\"" + path + "\",\"queryStringParameters\":"
        + query + ",\"body\":" + (body == null ? "null" : "\"" + body.replace("\"", "\\\"") + "\"")
        + ",\"requestContext\":{\"requestId\":\"" + UUID.randomUUID() + "\"}}";
  }

  RuntimeApiEmulator.Response first(RuntimeApiEmulator api) {
    RuntimeApiEmulator.Response response = api.invoke(event("GET", "/users/" + userId, null),
        Duration.ofSeconds(30), WAIT);
    if (response.error() || !response.body().contains("\"statusCode\":200")) {
      throw new IllegalStateException("the first request failed: " + response.body());
    }
    return response;
  }

  LambdaProcess.Builder builder(Path jar, String handler, boolean logClasses) {
    LambdaProcess.Builder builder = LambdaProcess.builder(jar, handler)
        .runtimeClient(runtimeClient);
    if (logClasses) {
      builder.jvmFlag("-Xlog:class+load=info:stdout");
    }
    return builder;
  }

  private static String seed(Map<String, String> env) {
    try (DynamoDbClient dynamo = ClientSetup.builder().environment(Environment.of(env)).build()
        .build(DynamoDbClient.builder())) {
      dynamo.createTable(b -> b.tableName("users").billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(attribute("id"), attribute("status"),
              AttributeDefinition.builder().attributeName("createdAt")
                  .attributeType(ScalarAttributeType.N).build())
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
          .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("status-createdAt")
              .keySchema(KeySchemaElement.builder().attributeName("status")
                  .keyType(KeyType.HASH).build(), KeySchemaElement.builder()
                  .attributeName("createdAt").keyType(KeyType.RANGE).build())
              .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
              .build()));
      String id = UUID.randomUUID().toString();
      dynamo.putItem(b -> b.tableName("users").item(Map.of(
          "id", AttributeValue.fromS(id), "name", AttributeValue.fromS("Ada Lovelace"),
          "email", AttributeValue.fromS("ada@example.com"),
          "status", AttributeValue.fromS("active"),
          "createdAt", AttributeValue.fromN("1000"), "updatedAt", AttributeValue.fromN("1000"))));
      return id;
    }
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S)
        .build();
  }

  private static List<Path> jars(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    }
  }

  static Double median(List<Run> runs, Function<Run, Double> figure) {
    List<Double> values = runs.stream().map(figure).sorted().collect(Collectors.toList());
    return values.isEmpty() ? -1 : values.get(values.size() / 2);
  }

  static String ms(double millis) {
    return millis < 0 ? "—" : String.format("%,.0f ms", millis);
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
