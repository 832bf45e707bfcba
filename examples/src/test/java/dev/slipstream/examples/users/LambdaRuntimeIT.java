package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Environment;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.RedisServerExtension;
import dev.slipstream.testing.faults.LatencyProxy;
import dev.slipstream.testing.lambda.CredentialsEndpoint;
import dev.slipstream.testing.lambda.LambdaProcess;
import dev.slipstream.testing.lambda.RuntimeApiEmulator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deploy jar ({@code target/users-lambda.jar}) run as Lambda runs it: AWS's runtime interface
 * client in a child JVM with Lambda's flags and environment, polling a loopback Runtime API; real
 * dynalite and redis-server; SnapStart emulated through the client's CRaC entry points, with
 * credentials only from a loopback container endpoint.
 */
class LambdaRuntimeIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Path JAR = Path.of("target", "users-lambda.jar");
  private static final String HANDLER = UsersHandler.class.getName() + "::handleRequest";
  private static final Duration START = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> IDS = new ArrayList<>();
  private static UsersApp seeder;
  private static DynamoDbClient dynamo;

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void seed() {
    seeder = UsersApp.create(Environment.of(environment()), batch -> { }, "users");
    LocalSeed.createTable(seeder);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = UUID.randomUUID().toString();
      IDS.add(id);
      items.add(UserTable.toItem(new User(id, "User " + i, "user" + i + "@example.com", "active",
          1_000_000L + i, 1_000_000L + i)));
    }
    LocalSeed.write(seeder, items);
    dynamo = ClientSetup.builder().environment(Environment.of(DYNALITE.awsEnvironment())).build()
        .build(DynamoDbClient.builder());
  }

  @AfterAll
  static void close() {
    seeder.close();
    dynamo.close();
  }

  @AfterEach
  void closeEach() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    if (!DYNALITE.isRunning()) {
      DYNALITE.start();
    }
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(DYNALITE.awsEnvironment());
    env.put("USERS_TABLE", "users");
    env.put("REDIS_URL", REDIS.uri());
    env.put("CURSOR_SECRET", "a-test-secret-of-some-length");
    return env;
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(0, closeable);
    return closeable;
  }

  private RuntimeApiEmulator api() {
    return track(RuntimeApiEmulator.start());
  }

  private static String event(String method, String path, String body, Map<String, String> query) {
    ObjectNode event = JSON.createObjectNode().put("httpMethod", method).put("path", path)
        .put("body", body);
    if (query != null) {
      ObjectNode q = event.putObject("queryStringParameters");
      query.forEach(q::put);
    }
    event.putObject("requestContext").put("requestId", UUID.randomUUID().toString());
    return event.toString();
  }

  private static JsonNode answer(RuntimeApiEmulator.Response response) throws Exception {
    assertThat(response.error()).as("invocation error: %s", response.body()).isFalse();
    return JSON.readTree(response.body());
  }

  private static int status(RuntimeApiEmulator.Response response) throws Exception {
    return answer(response).get("statusCode").asInt();
  }

  private static JsonNode body(RuntimeApiEmulator.Response response) throws Exception {
    return JSON.readTree(answer(response).get("body").asText());
  }

  @Test
  void everyRoute_underTheRuntimeClient() throws Exception {
    RuntimeApiEmulator api = api();
    LambdaProcess function = track(LambdaProcess.builder(JAR, HANDLER).env(environment())
        .start(api));
    assertThat(api.awaitReady(START)).as("init done; output: %s", function.output()).isTrue();

    assertThat(body(api.invoke(event("GET", "/users/" + IDS.get(0), null, null)))
        .at("/user/name").asText()).isEqualTo("User 0");
    assertThat(status(api.invoke(event("GET", "/users/" + UUID.randomUUID(), null, null))))
        .isEqualTo(404);
    assertThat(body(api.invoke(event("GET", "/users", null, Map.of("status", "active",
        "limit", "3")))).get("users")).hasSize(3);
    assertThat(body(api.invoke(event("POST", "/users/batch-get", "{\"ids\":[\"" + IDS.get(1)
        + "\",\"" + IDS.get(2) + "\"]}", null))).get("users")).hasSize(2);
    assertThat(status(api.invoke(event("PUT", "/users/" + IDS.get(3), "{\"name\":\"Renamed\","
        + "\"email\":\"r@example.com\",\"status\":\"active\"}", null)))).isEqualTo(200);
    assertThat(status(api.invoke(event("POST", "/users/import", "{\"users\":[{\"name\":\"N\","
        + "\"email\":\"n@example.com\",\"status\":\"invited\"}]}", null)))).isEqualTo(201);
    assertThat(status(api.invoke(event("GET", "/nowhere", null, null)))).isEqualTo(404);
    assertThat(function.output()).as("EMF on stdout, one document per invocation")
        .anyMatch(line -> line.contains("\"_aws\"") && line.contains("\"RequestId\""));
  }

  @Test
  void initError_reportedToTheRuntimeApi_withTheMessage() {
    RuntimeApiEmulator api = api();
    Map<String, String> env = environment();
    env.remove("USERS_TABLE");
    track(LambdaProcess.builder(JAR, HANDLER).env(env).start(api));
    assertThat(api.awaitReady(START)).isFalse();
    assertThat(api.initError()).get().asString().contains("USERS_TABLE");
  }

  @Test
  void provisionedConcurrency_primersRunAtInit() {
    RuntimeApiEmulator api = api();
    LambdaProcess function = track(LambdaProcess.builder(JAR, HANDLER).env(environment())
        .provisionedConcurrency().start(api));
    assertThat(api.awaitReady(START)).isTrue();
    assertThat(function.output()).as("primed before the first request")
        .anyMatch(line -> line.contains("Primer 'users-app' completed"));
  }

  /** A SnapStart function: credentials only from the container endpoint. */
  private LambdaProcess snapStart(RuntimeApiEmulator api, CredentialsEndpoint credentials,
      Map<String, String> extra) {
    Map<String, String> env = environment();
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
    env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.token());
    env.putAll(extra);
    return track(LambdaProcess.builder(JAR, HANDLER).env(env).snapStart().start(api));
  }

  private static Set<Long> redisClientIds() {
    RedisClient client = RedisClient.create(REDIS.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      Set<Long> ids = new HashSet<>();
      Matcher m = Pattern.compile("id=(\\d+)").matcher(c.sync().clientList());
      while (m.find()) {
        ids.add(Long.parseLong(m.group(1)));
      }
      return ids;
    } finally {
      client.shutdown();
    }
  }

  @Test
  void snapStart_afterRestore_freshCredentialsAndConnections() throws Exception {
    RuntimeApiEmulator api = api();
    CredentialsEndpoint credentials = track(CredentialsEndpoint.start("snap-token"));
    LambdaProcess function = snapStart(api, credentials, Map.of());
    assertThat(api.awaitSnapshotPoint(START)).as("output: %s", function.output()).isTrue();
    assertThat(function.output()).anyMatch(line -> line.contains("Primer 'users-app' completed"));
    List<String> keysBefore = credentials.keysIssued();
    assertThat(keysBefore).as("the primer signed its DynamoDB calls").isNotEmpty();
    Set<Long> connectionsAtSnapshot = redisClientIds();

    api.restore();
    assertThat(api.awaitReady(START)).isTrue();
    assertThat(body(api.invoke(event("GET", "/users/" + IDS.get(4), null, null)))
        .at("/user/name").asText()).isEqualTo("User 4");
    assertThat(credentials.keysIssued()).as("credentials fetched again after the restore")
        .hasSizeGreaterThan(keysBefore.size());
    Set<Long> connectionsAfter = redisClientIds();
    connectionsAfter.removeAll(connectionsAtSnapshot);
    assertThat(connectionsAfter).as("new Redis connections after the restore").isNotEmpty();
    assertThat(api.restoreError()).isEmpty();
  }

  private static String identity(LambdaProcess function) {
    Pattern renewed = Pattern.compile("new instance identity (\\w+)");
    return function.output().stream().map(renewed::matcher).filter(Matcher::find)
        .map(m -> m.group(1)).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void twoRestoredInstances_differentIdentities_invalidateEachOther() throws Exception {
    CredentialsEndpoint credentials = track(CredentialsEndpoint.start("snap-token"));
    RuntimeApiEmulator apiA = api();
    RuntimeApiEmulator apiB = api();
    LambdaProcess a = snapStart(apiA, credentials, Map.of());
    LambdaProcess b = snapStart(apiB, credentials, Map.of());
    assertThat(apiA.awaitSnapshotPoint(START)).as("a: %s", a.output()).isTrue();
    assertThat(apiB.awaitSnapshotPoint(START)).as("b: %s", b.output()).isTrue();
    apiA.restore();
    apiB.restore();
    assertThat(apiA.awaitReady(START)).as("a: %s", a.output()).isTrue();
    assertThat(apiB.awaitReady(START)).as("b: %s", b.output()).isTrue();
    assertThat(identity(a)).isNotEqualTo(identity(b));

    String id = IDS.get(5);
    assertThat(body(apiB.invoke(event("GET", "/users/" + id, null, null))).at("/user/name")
        .asText()).isEqualTo("User 5"); // now in b's L1
    assertThat(status(apiA.invoke(event("PUT", "/users/" + id, "{\"name\":\"Changed on A\","
        + "\"email\":\"a@example.com\",\"status\":\"active\"}", null)))).isEqualTo(200);
    String seen = null;
    for (int i = 0; i < 100 && !"Changed on A".equals(seen); i++) { // the broadcast is async
      seen = body(apiB.invoke(event("GET", "/users/" + id, null, null))).at("/user/name").asText();
    }
    assertThat(seen).as("b heard a's invalidation").isEqualTo("Changed on A");
  }

  @Test
  void valueCachedBeforeTheSnapshot_changedWhileInIt_notServedAfterRestore() throws Exception {
    String id = IDS.get(6);
    RuntimeApiEmulator api = api();
    CredentialsEndpoint credentials = track(CredentialsEndpoint.start("snap-token"));
    LambdaProcess function = snapStart(api, credentials, Map.of("PRIME_USER_ID", id));
    assertThat(api.awaitSnapshotPoint(START)).as("output: %s", function.output()).isTrue();

    // While the snapshot sits: another instance changes the user (DynamoDB, Redis, broadcast).
    RuntimeApiEmulator otherApi = api();
    track(LambdaProcess.builder(JAR, HANDLER).env(environment()).start(otherApi));
    assertThat(otherApi.awaitReady(START)).isTrue();
    assertThat(status(otherApi.invoke(event("PUT", "/users/" + id, "{\"name\":\"Changed while"
        + " frozen\",\"email\":\"f@example.com\",\"status\":\"active\"}", null)))).isEqualTo(200);

    api.restore();
    assertThat(api.awaitReady(START)).isTrue();
    assertThat(body(api.invoke(event("GET", "/users/" + id, null, null))).at("/user/name")
        .asText()).isEqualTo("Changed while frozen");
  }

  @Test
  void dynamoStalledDuringAnImport_answersWithinTheDeadline_listingWhatIsUnconfirmed()
      throws Exception {
    LatencyProxy proxy = track(LatencyProxy.start(DYNALITE.endpoint(), Duration.ZERO));
    Map<String, String> env = environment();
    env.put("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint().toString());
    RuntimeApiEmulator api = api();
    track(LambdaProcess.builder(JAR, HANDLER).env(env).start(api));
    assertThat(api.awaitReady(START)).isTrue();
    // A warm instance: the runtime client's own first response is slow to serialize.
    assertThat(status(api.invoke(event("POST", "/users/import", "{\"users\":[{\"name\":\"W\","
        + "\"email\":\"w@example.com\",\"status\":\"active\"}]}", null)))).isEqualTo(201);
    List<String> ids = new ArrayList<>();
    StringBuilder users = new StringBuilder("{\"users\":[");
    for (int i = 0; i < 1_000; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      users.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"name\":\"U")
          .append(i).append("\",\"email\":\"u").append(i).append("@example.com\",\"status\":")
          .append("\"active\"}");
    }
    users.append("]}");
    long before = proxy.requests();
    CompletableFuture<RuntimeApiEmulator.Response> pending = api.invokeAsync(
        event("POST", "/users/import", users.toString(), null), Duration.ofSeconds(2));
    for (int i = 0; i < 100_000 && proxy.requests() < before + 5; i++) {
      Thread.onSpinWait(); // until a few batch requests have gone through
    }
    DYNALITE.pause();
    RuntimeApiEmulator.Response response;
    try {
      response = pending.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      DYNALITE.resume();
    }
    assertThat(response.elapsed()).as("answered within the function's 2 s")
        .isLessThan(Duration.ofSeconds(2));
    assertThat(status(response)).isEqualTo(503);
    JsonNode body = body(response);
    Set<String> notWritten = new HashSet<>();
    body.get("notWritten").forEach(n -> notWritten.add(n.asText()));
    Set<String> unconfirmed = new HashSet<>();
    body.get("unconfirmed").forEach(n -> unconfirmed.add(n.asText()));
    assertThat(unconfirmed).as("in flight when the deadline came").isNotEmpty();
    assertThat(body.get("notWrittenAt").size()).as("positions in the request, one per id")
        .isEqualTo(notWritten.size());
    assertThat(body.get("unconfirmedAt").size()).isEqualTo(unconfirmed.size());
    assertThat(body.get("written").asInt() + notWritten.size() + unconfirmed.size())
        .isEqualTo(1_000);

    Set<String> inTable = dynamo.scanPaginator(b -> b.tableName("users")).items().stream()
        .map(item -> item.get("id").s()).collect(Collectors.toSet());
    List<String> reportedWritten = ids.stream()
        .filter(id -> !notWritten.contains(id) && !unconfirmed.contains(id))
        .collect(Collectors.toList());
    assertThat(inTable).as("every id reported written is in the table")
        .containsAll(reportedWritten);
    assertThat(inTable).as("no id reported not written is").doesNotContainAnyElementsOf(notWritten);

    // The client does what the 503 says: sends the import again. Nobody is duplicated.
    RuntimeApiEmulator.Response retried = api.invoke(event("POST", "/users/import",
        users.toString(), null));
    assertThat(status(retried)).as("the same import, sent again").isEqualTo(201);
    long importedUsers = dynamo.scanPaginator(b -> b.tableName("users")).items().stream()
        .filter(item -> item.get("email").s().matches("u\\d+@example\\.com")).count();
    assertThat(importedUsers).as("a retried import duplicates nobody").isEqualTo(1_000);
  }
}
