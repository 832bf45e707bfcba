package dev.slipstream.testing.lambda;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A function running as Lambda runs it: a child JVM with Lambda's flags for the memory size, the
 * handler's jar and AWS's runtime interface client ({@code aws-lambda-java-runtime-interface-client}
 * from Maven Central, found on this JVM's class path) as the class path, its {@code AWSLambda} main,
 * and the environment Lambda sets, talking to a {@link RuntimeApiEmulator}. With
 * {@link Builder#snapStart()}, the client's CRaC emulation runs the function's before-checkpoint
 * hooks and waits for {@link RuntimeApiEmulator#restore()}.
 *
 * <p>Every line the process prints is kept (with when it arrived), for assertions on logs.
 */
public final class LambdaProcess implements AutoCloseable {

  /**
   * The runtime client unpacks its native library to a fixed path ({@code /tmp/.libaws-lambda-jni.so})
   * whatever the temporary directory: two clients starting at once overwrite each other's file
   * while it is being mapped, and one dies of SIGBUS. Starts are therefore one at a time, each
   * until its client has the library loaded.
   */
  private static final java.util.concurrent.Semaphore STARTING =
      new java.util.concurrent.Semaphore(1);
  private static final Duration LIBRARY_LOAD_WAIT = Duration.ofSeconds(60);

  /** A line of output and when it arrived ({@link System#nanoTime()}). */
  public record Line(long nanos, String text) {}

  private final Process process;
  private final List<Line> output = new CopyOnWriteArrayList<>();
  private final long startedNanos;
  private final Path tmp;

  private LambdaProcess(Process process, long startedNanos, Path tmp) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.tmp = tmp;
    Thread reader = new Thread(this::drain, "lambda-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * A builder.
   *
   * @param handlerJar the function's deployment jar
   * @param handler such as {@code pkg.Handler::handleRequest}
   * @return a builder with Lambda's defaults: 512 MB, on-demand init
   */
  public static Builder builder(Path handlerJar, String handler) {
    return new Builder(handlerJar, handler);
  }

  /**
   * When the process was started.
   *
   * @return {@link System#nanoTime()} then
   */
  public long startedNanos() {
    return startedNanos;
  }

  /**
   * Every line so far.
   *
   * @return the lines, oldest first
   */
  public List<Line> lines() {
    return List.copyOf(output);
  }

  /**
   * Every line so far, as text.
   *
   * @return the lines, oldest first
   */
  public List<String> output() {
    return output.stream().map(Line::text).collect(Collectors.toList());
  }

  /**
   * Waits until a line matches {@code test}.
   *
   * @param test what to look for
   * @param wait the longest this call waits
   * @return whether one did in time
   */
  public boolean awaitLine(Predicate<String> test, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      List<Line> lines = output;
      for (int i = seen; i < lines.size(); i++) {
        if (test.test(lines.get(i).text())) {
          return true;
        }
      }
      seen = lines.size();
      synchronized (output) {
        try {
          output.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  /**
   * Whether the process is running.
   *
   * @return true until it exits or is closed
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the process to exit by itself (a training run ends so).
   *
   * @param wait the longest to wait
   * @return its exit status, or empty if it still runs after {@code wait}
   * @throws InterruptedException if interrupted while waiting
   */
  public OptionalInt awaitExit(Duration wait) throws InterruptedException {
    return process.waitFor(wait.toNanos(), TimeUnit.NANOSECONDS)
        ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
  }

  /**
   * The process id, for signals.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private void drain() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(new Line(System.nanoTime(), line));
        synchronized (output) {
          output.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /**
   * The jars of the runtime interface client and its dependencies on this JVM's class path
   * (Maven's repository layout tells them apart).
   *
   * @return absolute jar paths
   * @throws IllegalStateException if the client is not on the class path
   */
  public static List<Path> runtimeClientClassPath() {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<Path> jars = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      String unix = entry.replace(File.separatorChar, '/');
      if (unix.contains("/com/amazonaws/aws-lambda-java-")
          || unix.contains("/software/amazon/awssdk/utils-lite/")
          || unix.contains("/software/amazon/awssdk/annotations/")) {
        jars.add(Path.of(entry));
      }
    }
    if (jars.stream().noneMatch(p -> p.getFileName().toString()
        .startsWith("aws-lambda-java-runtime-interface-client"))) {
      throw new IllegalStateException("com.amazonaws:aws-lambda-java-runtime-interface-client is"
          + " not on the test class path; add it as a test dependency");
    }
    return jars;
  }

  /** Until {@code process} has the runtime client's native library mapped, or exits. */
  private static void awaitNativeLibrary(Process process) {
    Path maps = Path.of("/proc", Long.toString(process.pid()), "maps");
    long deadline = System.nanoTime() + LIBRARY_LOAD_WAIT.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      try {
        if (Files.readString(maps).contains("libaws-lambda-jni")) {
          return;
        }
        process.waitFor(20, TimeUnit.MILLISECONDS); // wakes early if it exits
      } catch (IOException e) {
        return; // no /proc (not Linux), or the process is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Builder for {@link LambdaProcess}. */
  public static final class Builder {
    private final Path handlerJar;
    private final String handler;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>();
    private final List<Path> extraClassPath = new ArrayList<>();
    private List<Path> runtimeClient;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private int memoryMb = 512;
    private String initType = "on-demand";
    private boolean managedLauncherFlags = true;

    private Builder(Path handlerJar, String handler) {
      this.handlerJar = requireNonNull(handlerJar, "handlerJar must not be null");
      this.handler = requireNonNull(handler, "handler must not be null");
      if (!Files.isRegularFile(handlerJar)) {
        throw new IllegalArgumentException("No handler jar at " + handlerJar
            + " (build it with ./mvnw package)");
      }
    }

    /**
     * Sets a variable of the function's environment.
     *
     * @param name the variable
     * @param value its value
     * @return this builder
     */
    public Builder env(String name, String value) {
      environment.put(requireNonNull(name), requireNonNull(value));
      return this;
    }

    /**
     * Sets variables of the function's environment.
     *
     * @param variables names and values
     * @return this builder
     */
    public Builder env(Map<String, String> variables) {
      variables.forEach(this::env);
      return this;
    }

    /**
     * Under SnapStart: {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} and the client's CRaC
     * emulation.
     *
     * @return this builder
     */
    public Builder snapStart() {
      this.initType = "snap-start";
      return this;
    }

    /**
     * Provisioned concurrency: {@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}.
     *
     * @return this builder
     */
    public Builder provisionedConcurrency() {
      this.initType = "provisioned-concurrency";
      return this;
    }

    /**
     * The function's memory size; Lambda sizes the heap from it.
     *
     * @param megabytes 128 to 10,240
     * @return this builder
     */
    public Builder memoryMb(int megabytes) {
      this.memoryMb = megabytes;
      return this;
    }

    /**
     * Started as a container image's own {@code ENTRYPOINT} starts it: without the flags Lambda's
     * managed Java launcher adds (heap, metaspace and code cache sized from the memory, serial GC,
     * C1 only, {@code -Xshare:auto}); only those given with {@link #jvmFlag}.
     *
     * @return this builder
     */
    public Builder ownLauncher() {
      this.managedLauncherFlags = false;
      return this;
    }

    /**
     * Another JDK, such as the one of the runtime a template names.
     *
     * @param javaHome the JDK's home
     * @return this builder
     */
    public Builder javaHome(Path javaHome) {
      this.javaHome = requireNonNull(javaHome);
      return this;
    }

    /**
     * One more JVM flag, as in {@code JAVA_TOOL_OPTIONS}.
     *
     * @param flag such as {@code -Xlog:class+load}
     * @return this builder
     */
    public Builder jvmFlag(String flag) {
      jvmFlags.add(requireNonNull(flag));
      return this;
    }

    /**
     * More jars beside the handler's, as a layer would add them.
     *
     * @param jars jar paths
     * @return this builder
     */
    public Builder classPath(List<Path> jars) {
      extraClassPath.addAll(jars);
      return this;
    }

    /**
     * The runtime interface client's jars, when they are not on this JVM's class path (a shaded
     * harness).
     *
     * @param jars the client and its dependencies
     * @return this builder
     */
    public Builder runtimeClient(List<Path> jars) {
      this.runtimeClient = List.copyOf(jars);
      return this;
    }

    /**
     * Starts the function against {@code api}.
     *
     * @param api the Runtime API it polls
     * @return the running process
     */
    public LambdaProcess start(RuntimeApiEmulator api) {
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin/java").toString());
      if (managedLauncherFlags) {
        // What Lambda's launcher passes for this memory size (heap 85 %, metaspace 10 %, code 5 %).
        long kilobytes = memoryMb * 1024L;
        command.add("-XX:MaxHeapSize=" + kilobytes * 85 / 100 + "k");
        command.add("-XX:MaxMetaspaceSize=" + kilobytes * 10 / 100 + "k");
        command.add("-XX:ReservedCodeCacheSize=" + kilobytes * 5 / 100 + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        if (jvmFlags.stream().noneMatch(f -> f.startsWith("-XX:AOTCache"))) {
          command.add("-Xshare:auto"); // Java 25 refuses it beside AOTCache and AOTCacheOutput
        }
      }
      // Each environment has a /tmp of its own: the runtime client unpacks its native library
      // there, and two of them unpacking into one directory at once crash (SIGBUS).
      Path tmp;
      try {
        tmp = Files.createTempDirectory("lambda-tmp");
      } catch (IOException e) {
        throw new IllegalStateException("Could not make a temporary directory", e);
      }
      command.add("-Djava.io.tmpdir=" + tmp);
      command.add("-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log"));
      if (initType.equals("snap-start")) {
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
      }
      command.addAll(jvmFlags);
      List<String> classPath = new ArrayList<>();
      classPath.add(handlerJar.toAbsolutePath().toString());
      extraClassPath.forEach(p -> classPath.add(p.toAbsolutePath().toString()));
      (runtimeClient != null ? runtimeClient : runtimeClientClassPath())
          .forEach(p -> classPath.add(p.toString()));
      command.add("-cp");
      command.add(String.join(File.pathSeparator, classPath));
      command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
      command.add(handler);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SLIPSTREAM_")
          || k.equals("JAVA_TOOL_OPTIONS"));
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());
      env.put("AWS_LAMBDA_FUNCTION_NAME", "users");
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", initType);
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.put("_HANDLER", handler);
      env.put("LAMBDA_TASK_ROOT", handlerJar.toAbsolutePath().getParent().toString());
      env.put("TZ", ":UTC");
      env.putAll(environment);
      try {
        if (!STARTING.tryAcquire(LIBRARY_LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("Another runtime client did not load its native"
              + " library within " + LIBRARY_LOAD_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      long started = System.nanoTime();
      Process process;
      try {
        process = builder.start();
      } catch (IOException | RuntimeException e) {
        STARTING.release();
        throw new IllegalStateException("Could not start " + command.get(0), e);
      }
      Thread release = new Thread(() -> {
        try {
          awaitNativeLibrary(process);
        } finally {
          STARTING.release();
        }
      }, "lambda-process-start");
      release.setDaemon(true);
      release.start();
      return new LambdaProcess(process, started, tmp);
    }
  }
}
