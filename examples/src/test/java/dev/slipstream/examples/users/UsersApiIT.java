package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Environment;
import dev.slipstream.core.Invocation;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.metrics.MetricBatch;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.RedisServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The handler on real dynalite and redis-server: every route, every 4xx, caching, invalidation. */
class UsersApiIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<MetricBatch> METRICS = new CopyOnWriteArrayList<>();
  private static UsersApp app;
  private static UsersApp otherInstance;
  private static final List<String> IDS = new ArrayList<>();

  @BeforeAll
  static void start() {
    Map<String, String> env = new HashMap<>(DYNALITE.awsEnvironment());
    env.put("USERS_TABLE", "users");
    env.put("REDIS_URL", REDIS.uri());
    env.put("CURSOR_SECRET", "a-test-secret-of-some-length");
    app = UsersApp.create(Environment.of(env), METRICS::add, "users-it");
    otherInstance = UsersApp.create(Environment.of(env), batch -> { }, "users-it");
    LocalSeed.createTable(app);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String id = UUID.randomUUID().toString();
      IDS.add(id);
      items.add(UserTable.toItem(new User(id, "User " + i, "user" + i + "@example.com",
          i % 3 == 0 ? "invited" : "active", 1_000_000L + i, 1_000_000L + i)));
    }
    LocalSeed.write(app, items);
  }

  @AfterAll
  static void stop() {
    app.close();
    otherInstance.close();
  }

  private static ProxyResponse call(UsersApp target, String method, String path,
      String body, Map<String, String> query) {
    ProxyRequest event = new ProxyRequest().withHttpMethod(method)
        .withPath(path).withBody(body).withQueryStringParameters(query);
    return Lifecycle.invoke(Invocation.of(UUID.randomUUID().toString(), Deadline.none()),
        invocation -> target.handle(event, invocation));
  }

  private static ProxyResponse call(String method, String path, String body) {
    return call(app, method, path, body, null);
  }

  private static JsonNode json(ProxyResponse response) throws Exception {
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    return JSON.readTree(response.getBody());
  }

  @Test
  void get_existing_200_thenServedFromCache() throws Exception {
    String id = IDS.get(1);
    long l1Before = app.cacheStats().l1Hits();
    ProxyResponse first = call("GET", "/users/" + id, null);
    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(json(first).at("/user/name").asText()).isEqualTo("User 1");

    ProxyResponse second = call("GET", "/users/" + id, null);
    assertThat(second.getBody()).isEqualTo(first.getBody());
    assertThat(app.cacheStats().l1Hits()).as("second GET from L1").isEqualTo(l1Before + 1);
  }

  @Test
  void get_absent_404_invalidId_400() throws Exception {
    ProxyResponse absent = call("GET", "/users/" + UUID.randomUUID(), null);
    assertThat(absent.getStatusCode()).isEqualTo(404);
    assertThat(json(absent).get("message").asText()).isEqualTo("User not found");
    ProxyResponse invalid = call("GET", "/users/not-a-uuid", null);
    assertThat(invalid.getStatusCode()).isEqualTo(400);
    assertThat(json(invalid).get("message").asText()).startsWith("Invalid user ID format");
  }

  @Test
  void batchGet_foundAndNotFound_andLimits() throws Exception {
    String missing = UUID.randomUUID().toString();
    ProxyResponse ok = call("POST", "/users/batch-get",
        "{\"ids\":[\"" + IDS.get(2) + "\",\"" + IDS.get(3) + "\",\"" + missing + "\"]}");
    assertThat(ok.getStatusCode()).isEqualTo(200);
    JsonNode body = json(ok);
    assertThat(body.get("users")).hasSize(2);
    assertThat(body.get("notFound").get(0).asText()).isEqualTo(missing);

    StringBuilder tooMany = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < 1001; i++) {
      tooMany.append(i == 0 ? "" : ",").append('"').append(UUID.randomUUID()).append('"');
    }
    ProxyResponse over = call("POST", "/users/batch-get", tooMany + "]}");
    assertThat(over.getStatusCode()).isEqualTo(400);
    assertThat(json(over).get("message").asText()).contains("at most 1000 ids");
    assertThat(call("POST", "/users/batch-get", "{\"ids\":[42]}").getStatusCode()).isEqualTo(400);
    assertThat(call("POST", "/users/batch-get", "{\"ids\":\"x\"}").getStatusCode()).isEqualTo(400);
  }

  @Test
  void put_writes_andInvalidatesOtherInstancesL1() throws Exception {
    String id = IDS.get(4);
    assertThat(json(call(otherInstance, "GET", "/users/" + id, null, null)).at("/user/name")
        .asText()).isEqualTo("User 4");

    ProxyResponse put = call("PUT", "/users/" + id,
        "{\"name\":\"Renamed\",\"email\":\"renamed@example.com\",\"status\":\"suspended\"}");
    assertThat(put.getStatusCode()).isEqualTo(200);
    assertThat(json(put).at("/user/createdAt").asLong()).as("kept").isEqualTo(1_000_004L);

    JsonNode seen = null;
    for (int i = 0; i < 200; i++) { // the broadcast is asynchronous
      seen = json(call(otherInstance, "GET", "/users/" + id, null, null));
      if (seen.at("/user/name").asText().equals("Renamed")) {
        break;
      }
    }
    assertThat(seen.at("/user/name").asText()).as("the other instance dropped its copy")
        .isEqualTo("Renamed");
    assertThat(seen.at("/user/status").asText()).isEqualTo("suspended");
  }

  @Test
  void put_badBodies_400or413_nothingWritten() throws Exception {
    String id = IDS.get(5);
    String path = "/users/" + id;
    assertThat(call("PUT", path, "{not json").getStatusCode()).isEqualTo(400);
    assertThat(call("PUT", path, null).getStatusCode()).isEqualTo(400);
    assertThat(call("PUT", path, "[]").getStatusCode()).isEqualTo(400);
    assertThat(json(call("PUT", path, "{\"name\":\"x\",\"email\":\"nope\",\"status\":\"active\"}"))
        .get("message").asText()).contains("email must be an e-mail address");
    assertThat(json(call("PUT", path, "{\"name\":\"x\",\"email\":\"a@b.io\",\"status\":\"gone\"}"))
        .get("message").asText()).contains("status must be one of [active, invited, suspended]");
    assertThat(json(call("PUT", path, "{\"name\":\"x\",\"email\":\"a@b.io\",\"status\":\"active\","
        + "\"admin\":true}")).get("message").asText()).isEqualTo("Unknown field 'admin'");
    assertThat(call("PUT", path, "{\"name\":\"" + "x".repeat(20_000) + "\"}").getStatusCode())
        .isEqualTo(413);
    assertThat(json(call("GET", path, null)).at("/user/name").asText()).isEqualTo("User 5");
  }

  @Test
  void bodies_strictJson_errorsInTheApisWords() throws Exception {
    String path = "/users/" + IDS.get(6);
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{\"name\":5,\"email\":\"a@b.io\",\"status\":\"active\"}",
        "Invalid field 'name': expected a string");
    cases.put("{\"name\":1e999999,\"email\":\"a@b.io\",\"status\":\"active\"}",
        "Invalid field 'name': expected a string");
    cases.put("{\"name\":true,\"email\":\"a@b.io\",\"status\":\"active\"}",
        "Invalid field 'name': expected a string");
    cases.put("{\"name\":\"a\",\"name\":\"b\",\"email\":\"a@b.io\",\"status\":\"active\"}",
        "Duplicate field 'name'");
    cases.put("{\"name\":\"a\"} {}", "Malformed JSON: more after the body's value at line 1,"
        + " column 14");
    cases.put("{\"name\":NaN}", "Malformed JSON at line 1, column 12");
    cases.put("{\"name\":" + "[".repeat(5_000), "Invalid field 'name': expected a string");
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      ProxyResponse response = call("PUT", path, bad.getKey());
      assertThat(response.getStatusCode()).as(bad.getKey()).isEqualTo(400);
      String message = json(response).get("message").asText();
      assertThat(message).as(bad.getKey()).isEqualTo(bad.getValue())
          .doesNotContain("java.").doesNotContain("`").doesNotContain("Feature");
    }
    assertThat(json(call("POST", "/users/import", "{\"users\":{}}")).get("message").asText())
        .isEqualTo("Invalid field 'users': expected an array");
    ProxyResponse deep = call("POST", "/users/batch-get",
        "{\"ids\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
    assertThat(deep.getStatusCode()).as("nesting deeper than the parser allows").isEqualTo(400);
    assertThat(json(deep).get("message").asText()).startsWith("Malformed JSON")
        .doesNotContain("java.").doesNotContain("Exception");
    assertThat(json(call("GET", path, null)).at("/user/name").asText()).isEqualTo("User 6");
  }

  /**
   * 2,000 bad requests from a seeded generator (the seed is in the failure message): every one is
   * answered 4xx with a JSON body whose message names no Java internals — never 2xx, never 5xx.
   */
  @Test
  void fuzz_twoThousandBadRequests_each4xxJson() throws Exception {
    long seed = 20261201L;
    java.util.Random random = new java.util.Random(seed);
    String id = IDS.get(7);
    String[] junk = {"", " ", "\u0000", "\n", "%0A", "../", "☃", "\"", "{", "[]", "null",
        "1e999999", "-0", "NaN", "true", "x".repeat(300), "\uD800", "%zz"};
    String[] badBodies = {"{", "}", "[]", "null", "1", "\"x\"", "{\"name\":5}",
        "{\"name\":\"a\",\"name\":\"b\"}", "{\"name\":[],\"email\":\"a@b.io\",\"status\":\"active\"}",
        "{\"name\":\"a\",\"email\":\"not-an-email\",\"status\":\"active\"}",
        "{\"name\":\"a\",\"email\":\"a@b.io\",\"status\":\"gone\"}",
        "{\"name\":\"a\",\"email\":\"a@b.io\",\"status\":\"active\",\"admin\":true}",
        "{\"name\":\"\",\"email\":\"a@b.io\",\"status\":\"active\"}",
        "{\"name\":null,\"email\":\"a@b.io\",\"status\":\"active\"}",
        "{\"name\":\"a\"} trailing", "{\"name\":\"a\",\"email\":\"a@b.io\",\"status\":true}",
        "{\"name\":\"" + "y".repeat(20_000) + "\"}"};
    for (int i = 0; i < 2_000; i++) {
      String pick = junk[random.nextInt(junk.length)] + junk[random.nextInt(junk.length)];
      if (pick.isEmpty()) {
        pick = "~"; // "/users/" is the listing, a good request
      }
      String body = badBodies[random.nextInt(badBodies.length)];
      ProxyResponse response;
      String what;
      switch (random.nextInt(7)) {
        case 0:
          what = "GET /users/" + pick;
          response = call("GET", "/users/" + pick, null);
          break;
        case 1:
          what = "PUT /users/{id} " + body;
          response = call("PUT", "/users/" + id, body);
          break;
        case 2:
          what = "POST /users/import " + body;
          response = call("POST", "/users/import", random.nextBoolean() ? body
              : "{\"users\":[" + body + "]}");
          break;
        case 3:
          what = "POST /users/batch-get " + pick;
          response = call("POST", "/users/batch-get", random.nextBoolean() ? body
              : "{\"ids\":[\"" + pick.replace("\"", "") + "\"]}");
          break;
        case 4:
          what = "GET /users?limit=" + pick;
          response = call(app, "GET", "/users", null, Map.of("limit", pick,
              "cursor", pick + "." + pick));
          break;
        case 5:
          what = "DELETE /users/batch-get";
          response = call(random.nextBoolean() ? "DELETE" : "PATCH", "/users/batch-get", body);
          break;
        default:
          what = "GET /" + pick;
          response = call("GET", "/" + pick + "/x", null);
      }
      assertThat(response.getStatusCode()).as("seed %d, request %d: %s", seed, i, what)
          .isBetween(400, 499);
      String message = json(response).get("message").asText();
      assertThat(message).as("seed %d, request %d: %s", seed, i, what).isNotBlank()
          .doesNotContain("java.").doesNotContain("Exception").doesNotContain("`");
    }
    assertThat(json(call("GET", "/users/" + id, null)).at("/user/name").asText())
        .as("no bad request changed anything").isEqualTo("User 7");
  }

  @Test
  void import_writesAll_andReportsIds() throws Exception {
    String given = UUID.randomUUID().toString();
    ProxyResponse imported = call("POST", "/users/import",
        "{\"users\":[{\"id\":\"" + given + "\",\"name\":\"A\",\"email\":\"a@example.com\","
            + "\"status\":\"active\"},{\"name\":\"B\",\"email\":\"b@example.com\","
            + "\"status\":\"invited\"}]}");
    assertThat(imported.getStatusCode()).isEqualTo(201);
    JsonNode body = json(imported);
    assertThat(body.get("imported").asInt()).isEqualTo(2);
    assertThat(body.get("ids").get(0).asText()).isEqualTo(given);
    assertThat(call("GET", "/users/" + given, null).getStatusCode()).isEqualTo(200);

    ProxyResponse bad = call("POST", "/users/import",
        "{\"users\":[{\"name\":\"A\",\"email\":\"a@example.com\",\"status\":\"active\"},"
            + "{\"name\":\"\",\"email\":\"b@example.com\",\"status\":\"active\"}]}");
    assertThat(bad.getStatusCode()).isEqualTo(400);
    assertThat(json(bad).get("message").asText()).startsWith("users[1].name");
  }

  @Test
  void import_retriedWithoutIds_overwritesNeverDuplicates_sameUserTwiceRefused() throws Exception {
    String users = "{\"users\":[{\"name\":\"C\",\"email\":\"c@example.com\",\"status\":\"active\"},"
        + "{\"name\":\"D\",\"email\":\"d@example.com\",\"status\":\"active\"}]}";
    JsonNode first = json(call("POST", "/users/import", users));
    JsonNode again = json(call("POST", "/users/import", users.replace("\"C\"", "\"C2\"")));
    assertThat(again.get("ids")).as("the same users, the same ids").isEqualTo(first.get("ids"));
    String c = first.get("ids").get(0).asText();
    assertThat(c).isEqualTo(UsersApi.importedId("C@Example.com"));
    assertThat(json(call("GET", "/users/" + c, null)).at("/user/name").asText())
        .as("a retry overwrites").isEqualTo("C2");

    String id = UUID.randomUUID().toString();
    ProxyResponse caseTwins = call("POST", "/users/import", "{\"users\":["
        + "{\"id\":\"" + id + "\",\"name\":\"E\",\"email\":\"e@example.com\",\"status\":\"active\"},"
        + "{\"id\":\"" + id.toUpperCase(java.util.Locale.ROOT) + "\",\"name\":\"F\","
        + "\"email\":\"f@example.com\",\"status\":\"active\"}]}");
    assertThat(caseTwins.getStatusCode()).isEqualTo(400);
    assertThat(json(caseTwins).get("message").asText()).isEqualTo("users[1] is the same user as"
        + " users[0] (ids are UUIDs, compared without case)");
    assertThat(call("GET", "/users/" + id, null).getStatusCode()).as("nothing written")
        .isEqualTo(404);
    ProxyResponse emailTwins = call("POST", "/users/import", "{\"users\":["
        + "{\"name\":\"G\",\"email\":\"g@example.com\",\"status\":\"active\"},"
        + "{\"name\":\"G\",\"email\":\"G@example.com\",\"status\":\"active\"}]}");
    assertThat(json(emailTwins).get("message").asText()).isEqualTo("users[1] is the same user as"
        + " users[0] (the same e-mail address, and no id)");
  }

  @Test
  void import_absentUserCachedBefore_isVisibleAfter() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(call("GET", "/users/" + id, null).getStatusCode()).isEqualTo(404); // tombstone
    call("POST", "/users/import", "{\"users\":[{\"id\":\"" + id + "\",\"name\":\"Late\","
        + "\"email\":\"late@example.com\",\"status\":\"active\"}]}");
    assertThat(call("GET", "/users/" + id, null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void list_newestFirst_pagesWithSignedCursor() throws Exception {
    JsonNode first = json(call(app, "GET", "/users", null, Map.of("status", "invited",
        "limit", "4")));
    assertThat(first.get("users")).hasSize(4);
    long newest = first.at("/users/0/createdAt").asLong();
    long next = first.at("/users/1/createdAt").asLong();
    assertThat(newest).isGreaterThan(next);
    String cursor = first.get("nextCursor").asText();

    JsonNode second = json(call(app, "GET", "/users", null, Map.of("status", "invited",
        "limit", "4", "cursor", cursor)));
    assertThat(second.at("/users/0/createdAt").asLong())
        .isLessThan(first.at("/users/3/createdAt").asLong());

    ProxyResponse otherQuery = call(app, "GET", "/users", null,
        Map.of("status", "active", "cursor", cursor));
    assertThat(otherQuery.getStatusCode()).isEqualTo(400);
    assertThat(json(otherQuery).get("message").asText()).contains("belongs to a listing");
    String tampered = cursor.substring(0, cursor.indexOf('.') - 2) + "AA"
        + cursor.substring(cursor.indexOf('.'));
    assertThat(call(app, "GET", "/users", null, Map.of("status", "invited", "cursor", tampered))
        .getStatusCode()).isEqualTo(400);
    assertThat(call(app, "GET", "/users", null, Map.of("limit", "500")).getStatusCode())
        .isEqualTo(400);
    assertThat(call(app, "GET", "/users", null, Map.of("status", "deleted")).getStatusCode())
        .isEqualTo(400);
  }

  @Test
  void unknownRoutesAndWrongMethods_jsonErrors() throws Exception {
    ProxyResponse unknown = call("GET", "/admin", null);
    assertThat(unknown.getStatusCode()).isEqualTo(404);
    assertThat(json(unknown).get("message").asText()).isEqualTo("No route for GET /admin");
    ProxyResponse wrong = call("DELETE", "/users/" + IDS.get(0), null);
    assertThat(wrong.getStatusCode()).isEqualTo(405);
    assertThat(wrong.getHeaders()).containsEntry("Allow", "GET, PUT");
    assertThat(call("GET", "/users/import", null).getStatusCode()).isEqualTo(405);
    assertThat(call("POST", "/users", "{}").getStatusCode()).isEqualTo(405);
  }

  @Test
  void everyInvocation_flushesEmfWithMeasuredOperationsAndMemory() {
    METRICS.clear();
    call("GET", "/users/" + IDS.get(6), null);
    assertThat(METRICS).hasSize(1);
    assertThat(METRICS.get(0).data()).extracting(d -> d.name())
        .contains("Latency", "Count", "Errors", "HeapUsed", "GcCount");
    assertThat(METRICS.get(0).data()).anyMatch(d -> "get".equals(d.dimensions().get("Operation")));
  }
}
