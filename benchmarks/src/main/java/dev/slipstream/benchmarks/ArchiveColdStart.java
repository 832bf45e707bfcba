package dev.slipstream.benchmarks;

import static dev.slipstream.benchmarks.LambdaColdStart.BASELINE;
import static dev.slipstream.benchmarks.LambdaColdStart.BASELINE_HANDLER;
import static dev.slipstream.benchmarks.LambdaColdStart.EXAMPLE;
import static dev.slipstream.benchmarks.LambdaColdStart.EXAMPLE_HANDLER;
import static dev.slipstream.benchmarks.LambdaColdStart.WAIT;
import static dev.slipstream.benchmarks.LambdaColdStart.median;
import static dev.slipstream.benchmarks.LambdaColdStart.ms;

import dev.slipstream.benchmarks.LambdaColdStart.Run;
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
import java.util.OptionalInt;

/**
 * {@code LambdaColdStart archives}: on-demand cold starts of the example and the baseline with
 * class-data archives that training runs wrote, on Java 25 (AOT cache; one row as
 * {@code examples/Dockerfile} trains and starts it) and on this JVM (dynamic CDS archive), beside
 * the same handlers without one. Archives must be made by the JVM that reads them: on Lambda, in a
 * container image.
 */
final class ArchiveColdStart {

  /** The JVM flags of examples/Dockerfile's training run and ENTRYPOINT, beside the cache's. */
  private static final List<String> IMAGE_FLAGS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MaxRAMPercentage=85");

  private final LambdaColdStart harness;

  ArchiveColdStart(LambdaColdStart harness) {
    this.harness = harness;
  }

  /** Prints the table of {@code results/lambda-archives.md}: {@code runs} processes a row. */
  void report(int runs) throws Exception {
    Path work = Files.createTempDirectory("archives");
    Path java17 = Path.of(System.getProperty("java.home"));
    Path java25 = Path.of(System.getenv().getOrDefault("JAVA25_HOME",
        "/usr/lib/jvm/temurin-25-jdk-amd64"));
    // Where a container build has no table and no Redis: both refuse connections.
    Map<String, String> unreachable = Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1",
        "REDIS_URL", "redis://127.0.0.1:1");
    System.out.println("# Class-data archives under the runtime interface client — "
        + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ", "
        + Runtime.getRuntime().availableProcessors() + " cores");
    System.out.println();
    System.out.println("Median of " + runs + " processes per row, interleaved; `GET /users/{id}`"
        + " of an existing user, Redis on; Lambda's 512 MB launcher flags unless a row says"
        + " otherwise; Java 25 is Temurin " + version(java25) + ", Java 17 "
        + System.getProperty("java.version") + ". Each archive is written by a training run on"
        + " the JVM that uses it (`LambdaColdStart archives`, run by `benchmarks/coldstart.sh`).");
    System.out.println();
    System.out.println("| JVM | setup | init | first response | init + first | × baseline"
        + " (same JVM) |");
    System.out.println("|---|---|---|---|---|---|");
    for (Path home : List.of(java25, java17)) {
      if (!Files.isExecutable(home.resolve("bin/java"))) {
        System.out.println("| " + home + " | not installed | | | | |");
        continue;
      }
      boolean aot = !home.equals(java17);
      String kind = aot ? "AOT cache" : "dynamic CDS archive";
      Path archive = work.resolve(aot ? "users.aot" : "users.jsa");
      Path blind = work.resolve(aot ? "users-blind.aot" : "users-blind.jsa");
      String record = aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
      String use = aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
      long trainedIn = train(home, false, record + archive, archive, Map.of());
      // The JVM feature alone: the baseline trained by one request, then stopped (SIGTERM).
      Path baselineArchive = work.resolve(aot ? "baseline.aot" : "baseline.jsa");
      trainBaseline(home, record + baselineArchive, baselineArchive);
      // Java 25: the blind one as examples/Dockerfile makes and starts it (its own flags).
      long blindIn = train(home, aot, record + blind, blind, unreachable);
      List<Run> baseline = new ArrayList<>();
      List<Run> plain = new ArrayList<>();
      List<Run> archived = new ArrayList<>();
      List<Run> archivedBlind = new ArrayList<>();
      List<Run> baselineArchived = new ArrayList<>();
      for (int i = 0; i < runs; i++) { // interleaved: a slow spell of the machine hits all
        baseline.addAll(harness.repeat(1, () -> harness.onDemand(home, false, BASELINE,
            BASELINE_HANDLER, Map.of())));
        plain.addAll(harness.repeat(1, () -> harness.onDemand(home, false, EXAMPLE,
            EXAMPLE_HANDLER, Map.of())));
        archived.addAll(harness.repeat(1, () -> harness.onDemand(home, false, EXAMPLE,
            EXAMPLE_HANDLER, Map.of(), use + archive)));
        archivedBlind.addAll(harness.repeat(1, () -> harness.onDemand(home, aot, EXAMPLE,
            EXAMPLE_HANDLER, Map.of(), use + blind)));
        baselineArchived.addAll(harness.repeat(1, () -> harness.onDemand(home, false, BASELINE,
            BASELINE_HANDLER, Map.of(), use + baselineArchive)));
      }
      String jvm = aot ? "Java 25" : "Java 17";
      double base = median(baseline, r -> r.init() + r.firstResponse());
      archiveRow(jvm, "(a) baseline: SDK defaults, Lettuce on first use", baseline, base);
      archiveRow(jvm, "(a+) the baseline + " + kind + " (trained by one request, then SIGTERM)",
          baselineArchived, base);
      archiveRow(jvm, "(b) the users API", plain, base);
      archiveRow(jvm, "(e) the users API + " + kind + " (" + Files.size(archive) / (1024 * 1024)
          + " MiB; training run " + trainedIn + " ms, DynamoDB and Redis reachable)", archived,
          base);
      archiveRow(jvm, "(e') the same, trained with DynamoDB and Redis refusing connections"
          + (aot ? ", started as examples/Dockerfile starts it" : "") + " ("
          + Files.size(blind) / (1024 * 1024) + " MiB; " + blindIn + " ms)", archivedBlind, base);
    }
  }

  private static String version(Path javaHome) {
    try {
      return Files.readAllLines(javaHome.resolve("release")).stream()
          .filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
          .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", "")).orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static void archiveRow(String jvm, String name, List<Run> runs, double baseline) {
    double sum = median(runs, r -> r.init() + r.firstResponse());
    System.out.printf("| %s | %s | %s | %s | %s | %.2f× |%n", jvm, name,
        ms(median(runs, Run::init)), ms(median(runs, Run::firstResponse)), ms(sum),
        sum / baseline);
  }

  /** The baseline has no training run: one request, then SIGTERM; the JVM writes at its exit. */
  private void trainBaseline(Path javaHome, String archiveFlag, Path archive) throws Exception {
    try (RuntimeApiEmulator api = RuntimeApiEmulator.start();
        LambdaProcess function = harness.builder(BASELINE, BASELINE_HANDLER, false)
            .javaHome(javaHome).classPath(harness.apache).jvmFlag(archiveFlag)
            .jvmFlag("-XX:MaxMetaspaceSize=256m")
            .env(harness.environment).start(api)) {
      if (!api.awaitReady(WAIT)) {
        throw new IllegalStateException("no first poll; output: " + function.output());
      }
      harness.first(api);
      ProcessHandle.of(function.pid()).ifPresent(ProcessHandle::destroy);
      OptionalInt status = function.awaitExit(Duration.ofMinutes(3));
      if (status.isEmpty() || !Files.isRegularFile(archive)) {
        throw new IllegalStateException("the baseline's training did not write " + archive
            + " (exit " + status + "); output: " + function.output());
      }
    }
  }

  /** A training run of the example under the runtime client; returns its wall time in ms. */
  private long train(Path javaHome, boolean image, String archiveFlag, Path archive,
      Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(harness.environment);
    env.putAll(extra);
    env.put("SLIPSTREAM_TRAINING_RUN", "true");
    long start = System.nanoTime();
    LambdaProcess.Builder builder =
        launcher(harness.builder(EXAMPLE, EXAMPLE_HANDLER, false), image).javaHome(javaHome)
            .jvmFlag(archiveFlag).env(env);
    if (!image) { // an archive is written from metaspace-sized buffers: 51 MB is too small
      builder.jvmFlag("-XX:MaxMetaspaceSize=256m");
    }
    try (RuntimeApiEmulator api = RuntimeApiEmulator.start();
        LambdaProcess function = builder.start(api)) {
      OptionalInt status = function.awaitExit(Duration.ofMinutes(3));
      // 3: a primer failed (expected where nothing answers); the archive is written all the same.
      if (status.isEmpty() || (status.getAsInt() != 0 && status.getAsInt() != 3)
          || !Files.isRegularFile(archive)) {
        throw new IllegalStateException("the training run did not write " + archive + " (exit "
            + status + "); output: " + function.output());
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  static LambdaProcess.Builder launcher(LambdaProcess.Builder builder, boolean image) {
    if (image) {
      builder.ownLauncher();
      IMAGE_FLAGS.forEach(builder::jvmFlag);
    }
    return builder;
  }
}
