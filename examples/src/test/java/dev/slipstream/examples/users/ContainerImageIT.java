package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipstream.testing.DynaliteExtension;
import dev.slipstream.testing.RedisServerExtension;
import dev.slipstream.testing.lambda.LambdaProcess;
import dev.slipstream.testing.lambda.RuntimeApiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The container image of {@code examples/Dockerfile}, without Docker: its training run and its
 * {@code ENTRYPOINT}, read from the file, run on this JDK under the real runtime interface client
 * (the jars the Dockerfile copies, in {@code target/runtime-client}). The training run writes an
 * AOT cache with nothing reachable (not even a Runtime API), as in an image build, in the
 * Dockerfile's environment; a function started with it answers from
 * dynalite and Redis and loads its own classes from the cache. On Java 25 and later with the
 * Dockerfile's AOT cache flags; before (the suite's first pass is on 17, its second on Temurin 25)
 * the same steps with a dynamic CDS archive in their place.
 */
class ContainerImageIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Path DOCKERFILE = Path.of("Dockerfile");
  private static final Path JAR = Path.of("target", "users-lambda.jar");
  private static final Path RUNTIME_CLIENT = Path.of("target", "runtime-client");
  private static final String IMAGE_DIR = "/function/";
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean AOT = Runtime.version().feature() >= 25;
  /** Writes the archive at exit: the Dockerfile's flag, or Java 17's for a dynamic CDS archive. */
  private static final String RECORD = AOT ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
  /** Reads it. */
  private static final String USE = AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
  private static final String USER_ID = UUID.randomUUID().toString();
  private static UsersApp seeder;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Image image;

  /** What the Dockerfile says: the JVM flags, class path and handler of both commands. */
  record Image(List<String> entrypointFlags, String classPath, String handler,
      String trainingCommand, Map<String, String> trainingEnvironment) {}

  @BeforeAll
  static void seed() {
    Map<String, String> env = new HashMap<>(DYNALITE.awsEnvironment());
    env.put("USERS_TABLE", "users");
    seeder = UsersApp.create(dev.slipstream.core.Environment.of(env), batch -> { }, "users");
    LocalSeed.createTable(seeder);
    LocalSeed.write(seeder, List.<Map<String, AttributeValue>>of(UserTable.toItem(new User(USER_ID,
        "Grace Hopper", "grace@example.com", "active", 1_000L, 1_000L))));
  }

  @AfterAll
  static void closeSeeder() {
    seeder.close();
  }

  @BeforeEach
  void readDockerfile() throws Exception {
    image = parse(Files.readString(DOCKERFILE));
  }

  @AfterEach
  void closeEach() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void trainingRunAndEntrypoint_nameTheSameFlagsClassPathAndCache() {
    String cache = image.entrypointFlags().stream().filter(f -> f.startsWith("-XX:AOTCache="))
        .findFirst().orElseThrow(() -> new AssertionError("ENTRYPOINT names no -XX:AOTCache="));
    assertThat(image.trainingCommand()).contains(cache.replace("AOTCache=", "AOTCacheOutput="));
    image.entrypointFlags().stream().filter(f -> !f.equals(cache))
        .forEach(flag -> assertThat(image.trainingCommand()).contains(" " + flag + " "));
    assertThat(image.trainingCommand()).contains("-cp \"" + image.classPath() + "\"")
        .contains(image.handler());
    assertThat(image.trainingEnvironment()).containsEntry("SLIPSTREAM_TRAINING_RUN", "true");
    assertThat(image.classPath())
        .isEqualTo(IMAGE_DIR + "users-lambda.jar:" + IMAGE_DIR + "runtime-client/*");
  }

  @Test
  void trainedWithNothingReachable_thenTheCacheServesTheFunction(@TempDir Path dir)
      throws Exception {
    Path cache = dir.resolve("users.aot");

    RuntimeApiEmulator trainingApi = track(RuntimeApiEmulator.start());
    LambdaProcess.Builder training = builder(cache, RECORD)
        .env(image.trainingEnvironment());
    LambdaProcess trainer = track(training.start(trainingApi));
    OptionalInt status = trainer.awaitExit(WAIT);
    assertThat(status).as("the training run exits by itself; output: %s", trainer.output())
        .isPresent();
    // 3: a primer failed, as it must with nothing reachable; the cache is written all the same.
    assertThat(status.getAsInt()).as("output: %s", trainer.output()).isIn(0, 3);
    assertThat(trainer.output()).anyMatch(l -> l.contains("Training run (SLIPSTREAM_TRAINING_RUN"));
    assertThat(cache).isRegularFile();

    RuntimeApiEmulator api = track(RuntimeApiEmulator.start());
    LambdaProcess function = track(builder(cache, USE)
        .jvmFlag("-Xlog:class+load=info:stdout").env(liveEnvironment()).start(api));
    assertThat(api.awaitReady(WAIT)).as("init done; output: %s", function.output()).isTrue();
    JsonNode answer = JSON.readTree(api.invoke(getUser()).body());
    assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
    assertThat(JSON.readTree(answer.get("body").asText()).at("/user/name").asText())
        .isEqualTo("Grace Hopper");
    assertThat(function.output())
        .filteredOn(l -> l.contains("[class,load] " + UsersApp.class.getName() + " "))
        .singleElement().asString().contains("source: shared objects file");
  }

  @Test
  void aCacheTheJvmRefuses_theFunctionStillStarts(@TempDir Path dir) throws Exception {
    Path cache = dir.resolve("users.aot");
    Files.writeString(cache, "not an AOT cache: made by another JVM, or damaged");
    RuntimeApiEmulator api = track(RuntimeApiEmulator.start());
    LambdaProcess function = track(builder(cache, USE).env(liveEnvironment())
        .start(api));
    assertThat(api.awaitReady(WAIT)).as("init done; output: %s", function.output()).isTrue();
    assertThat(JSON.readTree(api.invoke(getUser()).body()).get("statusCode").asInt())
        .isEqualTo(200);
  }

  /** The function as the image starts it, its cache flag ({@code cacheFlag}) naming the file. */
  private LambdaProcess.Builder builder(Path cache, String cacheFlag) throws Exception {
    List<Path> runtimeClient;
    try (Stream<Path> jars = Files.list(RUNTIME_CLIENT)) {
      runtimeClient = jars.filter(p -> p.toString().endsWith(".jar")).sorted()
          .collect(Collectors.toList());
    }
    LambdaProcess.Builder builder = LambdaProcess.builder(JAR, image.handler()).ownLauncher()
        .runtimeClient(runtimeClient);
    for (String flag : image.entrypointFlags()) {
      builder.jvmFlag(flag.startsWith("-XX:AOTCache=") ? cacheFlag + cache : flag);
    }
    return builder;
  }

  private static Map<String, String> liveEnvironment() {
    Map<String, String> env = new HashMap<>(DYNALITE.awsEnvironment());
    env.put("USERS_TABLE", "users");
    env.put("REDIS_URL", REDIS.uri());
    env.put("CURSOR_SECRET", "a-test-secret-of-some-length");
    return env;
  }

  private static String getUser() {
    return JSON.createObjectNode().put("httpMethod", "GET").put("path", "/users/" + USER_ID)
        .set("requestContext", JSON.createObjectNode().put("requestId", "image-1")).toString();
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(0, closeable);
    return closeable;
  }

  /** Reads the ENTRYPOINT and CMD (JSON form) and the RUN that trains. */
  static Image parse(String dockerfile) throws Exception {
    String joined = dockerfile.replaceAll("\\\\\\n", " ");
    List<String> entrypoint = jsonLine(joined, "ENTRYPOINT ");
    List<String> cmd = jsonLine(joined, "CMD ");
    int cp = entrypoint.indexOf("-cp");
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(cp).as("ENTRYPOINT has -cp").isPositive();
    String training = joined.lines().filter(l -> l.startsWith("RUN ")
        && l.contains("SLIPSTREAM_TRAINING_RUN")).findFirst()
        .orElseThrow(() -> new AssertionError("no RUN with SLIPSTREAM_TRAINING_RUN"));
    Map<String, String> env = new LinkedHashMap<>();
    for (String token : training.substring(4).trim().split("\\s+")) {
      if (!token.matches("[A-Z_][A-Z0-9_]*=.*")) {
        break; // the command itself
      }
      int eq = token.indexOf('=');
      env.put(token.substring(0, eq), token.substring(eq + 1));
    }
    return new Image(List.copyOf(entrypoint.subList(1, cp)), entrypoint.get(cp + 1),
        cmd.get(0), training + " ", env);
  }

  private static List<String> jsonLine(String dockerfile, String instruction) throws Exception {
    String line = dockerfile.lines().filter(l -> l.startsWith(instruction)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + instruction.trim()));
    List<String> values = new ArrayList<>();
    JSON.readTree(line.substring(instruction.length())).forEach(n -> values.add(n.asText()));
    return values;
  }
}
