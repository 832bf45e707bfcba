package dev.slipstream.examples.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.slipstream.cache.CacheLoadException;
import dev.slipstream.core.Deadline;
import dev.slipstream.dynamo.DynamoBatchException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP surface: routes API Gateway proxy events to the {@link UserService}, validates every
 * input, and turns every failure into a JSON 4xx or 5xx — never a stack trace.
 */
final class UsersApi {

  private static final Logger LOG = LoggerFactory.getLogger(UsersApi.class);
  static final int MAX_IDS = 1000;
  static final int MAX_IMPORT = 1000;
  private static final int MAX_SMALL_BODY = 16 * 1024;
  private static final int MAX_LARGE_BODY = 512 * 1024;
  private static final java.util.regex.Pattern ONE_USER = java.util.regex.Pattern.compile(
      "/users/(?!batch-get$|import$)[^/]+");
  /**
   * Strict: unknown fields, duplicate keys, and a number or boolean where text belongs (or text
   * where a number belongs) are errors, not coerced — {@code {"name":5}} is not the name "5".
   */
  /** The one mapper: the API's strict rules; the event envelope reads through it too. */
  static final ObjectMapper JSON = strictMapper();

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    for (com.fasterxml.jackson.databind.type.LogicalType type : List.of(
        com.fasterxml.jackson.databind.type.LogicalType.Textual,
        com.fasterxml.jackson.databind.type.LogicalType.Integer,
        com.fasterxml.jackson.databind.type.LogicalType.Float,
        com.fasterxml.jackson.databind.type.LogicalType.Boolean)) {
      for (com.fasterxml.jackson.databind.cfg.CoercionInputShape shape : List.of(
          com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
          com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
          com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean,
          com.fasterxml.jackson.databind.cfg.CoercionInputShape.String)) {
        mapper.coercionConfigFor(type).setCoercion(shape,
            com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
      }
    }
    mapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
        .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.String,
            com.fasterxml.jackson.databind.cfg.CoercionAction.TryConvert); // text is text
    return mapper;
  }

  private final UserService users;
  private final LongSupplier clock;
  private final FailureLog failures;

  UsersApi(UserService users, LongSupplier clock) {
    this.users = users;
    this.clock = clock;
    this.failures = new FailureLog(LOG, clock);
  }

  /** The methods a route name spells out; any other is {@code OTHER}. */
  private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "POST", "PUT",
      "PATCH", "DELETE", "HEAD", "OPTIONS");
  /** The paths a route name spells out as they are; ids become {@code {id}}, anything else other. */
  private static final java.util.Set<String> PATHS = java.util.Set.of("/users",
      "/users/batch-get", "/users/import");

  /**
   * A short route name for logs and metrics, such as {@code GET /users/{id}}: made only of fixed
   * words, never of request text — a path with a line break in it cannot forge a log line, and
   * odd paths cannot make new metric series.
   */
  static String route(ProxyRequest event) {
    String method = event.getHttpMethod() != null && METHODS.contains(event.getHttpMethod())
        ? event.getHttpMethod() : "OTHER";
    String path = event.getPath() == null ? "" : event.getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String shape = PATHS.contains(path) ? path
        : ONE_USER.matcher(path).matches() ? "/users/{id}" : "(other)";
    return method + " " + shape;
  }

  ProxyResponse handle(ProxyRequest event, Deadline deadline) {
    try {
      return route(event, deadline);
    } catch (ApiException e) {
      return error(e.status(), e.getMessage(), e.details());
    } catch (CallNotPermittedException e) {
      return error(503, "A dependency is failing and its circuit breaker is open; retry shortly",
          Map.of());
    } catch (CacheLoadException e) {
      if (e.getCause() instanceof ApiException) {
        ApiException api = (ApiException) e.getCause();
        return error(api.status(), api.getMessage(), api.details());
      }
      return dependencyFailure(event, e.getCause() == null ? e : e.getCause());
    } catch (DynamoBatchException e) {
      return dependencyFailure(event, e);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      return dependencyFailure(event, e);
    } catch (RuntimeException e) {
      failures.log("Unexpected failure", route(event), e);
      return error(500, "Internal error", Map.of());
    }
  }

  /**
   * One answer per kind of dependency failure, whichever route met it: 503 while a breaker is
   * open, 504 when DynamoDB did not answer in time, 502 when it answered with an error.
   */
  private ProxyResponse dependencyFailure(ProxyRequest event,
      Throwable failure) {
    int status = statusFor(failure);
    if (status == 503) {
      return error(503, "DynamoDB is failing and its circuit breaker is open; retry shortly",
          Map.of());
    }
    failures.log(status == 504 ? "Timed out" : "Dependency failed", route(event), failure);
    return status == 504 ? error(504, "The user store did not answer in time; retry", Map.of())
        : error(502, "The user store did not answer; retry", Map.of());
  }

  /** 503, 504 or 502 for a dependency failure (see {@link #dependencyFailure}). */
  static int statusFor(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CallNotPermittedException) {
        return 503;
      }
      if (t instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
          || t instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        return 504;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return 502;
  }

  private ProxyResponse route(ProxyRequest event,
      Deadline deadline) {
    String method = event.getHttpMethod() == null ? "" : event.getHttpMethod();
    String path = event.getPath() == null ? "" : event.getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.equals("/users")) {
      requireMethod(method, "GET");
      return list(event);
    }
    if (path.equals("/users/batch-get")) {
      requireMethod(method, "POST");
      return batchGet(body(event, MAX_LARGE_BODY), deadline);
    }
    if (path.equals("/users/import")) {
      requireMethod(method, "POST");
      return importUsers(body(event, MAX_LARGE_BODY), deadline);
    }
    if (path.startsWith("/users/") && path.indexOf('/', 7) < 0) {
      String id = path.substring(7);
      if (method.equals("GET")) {
        return get(id);
      }
      if (method.equals("PUT")) {
        return put(id, body(event, MAX_SMALL_BODY));
      }
      throw new ApiException(405, "Method " + method + " not allowed on /users/{id}; allowed: GET,"
          + " PUT", Map.of("allow", List.of("GET", "PUT")));
    }
    throw new ApiException(404, "No route for " + method + " " + path);
  }

  private ProxyResponse get(String rawId) {
    String id = Validation.userId(rawId);
    return users.get(id)
        .map(user -> json(200, Map.of("user", user)))
        .orElseThrow(() -> new ApiException(404, "User not found"));
  }

  private ProxyResponse batchGet(String body, Deadline deadline) {
    JsonNode ids = parse(body).get("ids");
    if (ids == null || !ids.isArray()) {
      throw new ApiException(400, "body must be {\"ids\": [\"<uuid>\", …]}");
    }
    if (ids.size() > MAX_IDS) {
      throw new ApiException(400, "at most " + MAX_IDS + " ids per request, but got " + ids.size());
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).isTextual()) {
        throw new ApiException(400, "ids[" + i + "] must be a string");
      }
      wanted.add(Validation.userId(ids.get(i).asText()));
    }
    Map<String, User> found = users.getMany(wanted, deadline);
    List<String> notFound = wanted.stream().filter(id -> !found.containsKey(id)).toList();
    return json(200, Map.of("users", List.copyOf(found.values()), "notFound", notFound));
  }

  private ProxyResponse put(String rawId, String body) {
    String id = Validation.userId(rawId);
    UserInput input = Validation.input(read(body, UserInput.class), "");
    return json(200, Map.of("user", users.put(id, input)));
  }

  private ProxyResponse importUsers(String body, Deadline deadline) {
    ImportRequest request = read(body, ImportRequest.class);
    if (request.users() == null || request.users().isEmpty()) {
      throw new ApiException(400, "body must be {\"users\": [ {name, email, status}, … ]}");
    }
    if (request.users().size() > MAX_IMPORT) {
      throw new ApiException(400, "at most " + MAX_IMPORT + " users per import, but got "
          + request.users().size());
    }
    long now = clock.getAsLong();
    List<User> toWrite = new ArrayList<>();
    Map<String, Integer> positions = new java.util.HashMap<>();
    for (int i = 0; i < request.users().size(); i++) {
      UserInput input = Validation.input(request.users().get(i), "users[" + i + "].");
      String id = input.id() == null ? importedId(input.email()) : Validation.userId(input.id());
      Integer earlier = positions.putIfAbsent(id, i);
      if (earlier != null) {
        throw new ApiException(400, "users[" + i + "] is the same user as users[" + earlier + "]"
            + (input.id() == null ? " (the same e-mail address, and no id)"
                : " (ids are UUIDs, compared without case)"));
      }
      toWrite.add(new User(id, input.name(), input.email(), input.status(), now, now));
    }
    ImportResult result = users.importAll(toWrite, deadline);
    if (!result.complete()) {
      LOG.warn("Import incomplete: {} of {} users written, {} not written, {} unconfirmed (the"
          + " deadline or DynamoDB's retries ran out)", result.written().size(), toWrite.size(),
          result.notWritten().size(), result.unconfirmed().size());
      // Never reported as success: the client learns exactly which users to send again — by
      // position in its own request, as ids it may not have chosen — and which may or may not
      // have been written (the deadline came while they were in flight). Sending them again is
      // safe: the same users get the same ids, so a retry overwrites and never duplicates.
      return json(503, Map.of("message", "Import incomplete: some users were not written; send"
          + " them again (the same users keep their ids: a retry never duplicates)",
          "written", result.written().size(),
          "notWritten", result.notWritten(), "notWrittenAt", at(result.notWritten(), positions),
          "unconfirmed", result.unconfirmed(),
          "unconfirmedAt", at(result.unconfirmed(), positions)));
    }
    return json(201, Map.of("imported", result.written().size(), "ids", result.written()));
  }

  private ProxyResponse list(ProxyRequest event) {
    Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
        : event.getQueryStringParameters();
    String status = Validation.status(query.getOrDefault("status", "active"));
    int limit;
    try {
      limit = Integer.parseInt(query.getOrDefault("limit", "20"));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "limit must be a whole number from 1 to 100");
    }
    if (limit < 1 || limit > 100) {
      throw new ApiException(400, "limit must be from 1 to 100, but was " + limit);
    }
    return json(200, users.list(status, limit, query.get("cursor")));
  }

  /** The body of {@code import}. */
  record ImportRequest(List<UserInput> users) {}

  /**
   * The id of an imported user sent without one: derived from the e-mail address (a name-based
   * UUID), so that sending the same user again — after a 503, a timeout, a client retry — writes
   * the same item instead of a duplicate.
   */
  static String importedId(String email) {
    return UUID.nameUUIDFromBytes(("slipstream-users:" + email.toLowerCase(java.util.Locale.ROOT))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }

  private static List<Integer> at(java.util.Collection<String> ids, Map<String, Integer> positions) {
    List<Integer> indexes = new ArrayList<>(ids.size());
    for (String id : ids) {
      Integer index = positions.get(id);
      if (index != null) {
        indexes.add(index);
      }
    }
    java.util.Collections.sort(indexes);
    return indexes;
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiException(405, "Method " + method + " not allowed here; allowed: " + allowed,
          Map.of("allow", List.of(allowed)));
    }
  }

  private static String body(ProxyRequest event, int limit) {
    String body = event.getBody();
    if (body == null || body.isEmpty()) {
      throw new ApiException(400, "a JSON body is required");
    }
    if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      try {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "body is marked base64 but is not");
      }
    }
    if (body.length() > limit) {
      throw new ApiException(413, "body is " + body.length() + " characters; the limit here is "
          + limit);
    }
    return body;
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ApiException(400, "body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, jsonError(e));
    }
  }

  private static <T> T read(String body, Class<T> type) {
    try {
      T value = JSON.readValue(body, type);
      if (value == null) {
        throw new ApiException(400, "body must be a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, jsonError(e));
    }
  }

  /**
   * What was wrong with a body, in the API's words: the field and the JSON type it needs, never
   * Jackson's text (which names Java classes and parser features).
   */
  static String jsonError(JsonProcessingException e) {
    String field = "body";
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException) {
      List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path =
          ((com.fasterxml.jackson.databind.JsonMappingException) e).getPath();
      StringBuilder at = new StringBuilder();
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference step : path) {
        if (step.getFieldName() != null) {
          at.append(at.length() == 0 ? "" : ".").append(step.getFieldName());
        } else if (step.getIndex() >= 0) {
          at.append('[').append(step.getIndex()).append(']');
        }
      }
      if (at.length() > 0) {
        field = FailureLog.printable(at.toString());
      }
    }
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    com.fasterxml.jackson.core.JsonLocation where = e.getLocation();
    String at = where == null ? "" : " at line " + where.getLineNr() + ", column "
        + where.getColumnNr();
    if (original.startsWith("Trailing token")) {
      return "Malformed JSON: more after the body's value" + at;
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
      return "Unknown field '" + field + "'";
    }
    if (e instanceof MismatchedInputException) {
      Class<?> target = ((MismatchedInputException) e).getTargetType();
      return "Invalid field '" + field + "': expected " + jsonType(target);
    }
    if (original.startsWith("Duplicate field '")) {
      int end = original.indexOf('\'', 17);
      return "Duplicate field '" + FailureLog.printable(original.substring(17,
          end < 0 ? original.length() : end)) + "'";
    }
    return "Malformed JSON" + at;
  }

  private static String jsonType(Class<?> target) {
    if (target == null) {
      return "another JSON type";
    }
    if (CharSequence.class.isAssignableFrom(target)) {
      return "a string";
    }
    if (target == int.class || target == long.class || target == Integer.class
        || target == Long.class || target == short.class || target == Short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(target) || target == double.class
        || target == float.class) {
      return "a number";
    }
    if (target == boolean.class || target == Boolean.class) {
      return "true or false";
    }
    if (target.isArray() || java.util.Collection.class.isAssignableFrom(target)) {
      return "an array";
    }
    return "an object";
  }

  static ProxyResponse json(int status, Object body) {
    try {
      return new ProxyResponse()
          .withStatusCode(status)
          .withHeaders(Map.of("Content-Type", "application/json"))
          .withBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write response", e);
    }
  }

  static ProxyResponse error(int status, String message,
      Map<String, Object> details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    body.putAll(details);
    ProxyResponse response = json(status, body);
    if (details.get("allow") instanceof List<?> allow) {
      Map<String, String> headers = new LinkedHashMap<>(response.getHeaders());
      headers.put("Allow", String.join(", ", allow.stream().map(String::valueOf).toList()));
      response.setHeaders(headers);
    }
    return response;
  }
}
