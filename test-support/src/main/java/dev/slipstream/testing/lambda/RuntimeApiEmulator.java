package dev.slipstream.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API on loopback, for AWS's own runtime interface client in a child JVM (see
 * {@link LambdaProcess}): invocations are handed out on {@code GET …/invocation/next} with the
 * headers Lambda sends, answers come back on {@code …/response} or {@code …/error}, an init failure
 * on {@code …/init/error}; under SnapStart the client asks {@code GET …/restore/next} after its
 * before-checkpoint hooks and waits there until {@link #restore()}: the emulated snapshot.
 *
 * <pre>{@code
 * try (RuntimeApiEmulator api = RuntimeApiEmulator.start();
 *      LambdaProcess function = LambdaProcess.builder(jar, "pkg.Handler::handleRequest").start(api)) {
 *   RuntimeApiEmulator.Response response = api.invoke("{\"path\":\"/users/1\"}", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class RuntimeApiEmulator implements AutoCloseable {

  private static final String PREFIX = "/2018-06-01/runtime";
  private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:users";

  /**
   * What the function answered.
   *
   * @param requestId the invocation's id
   * @param error whether it posted to {@code …/error} (the handler threw)
   * @param body the response or error document
   * @param nanos from handing the event out to the answer
   */
  public record Response(String requestId, boolean error, String body, long nanos) {
    /** The time from handing out the event to the answer. */
    public Duration elapsed() {
      return Duration.ofNanos(nanos);
    }
  }

  private record Pending(String requestId, String event, long deadlineEpochMillis,
      CompletableFuture<Response> result, long[] handedOutNanos) {}

  static {
    // The JDK server writes headers and body separately: without TCP_NODELAY every keep-alive
    // exchange waits ~40 ms for a delayed ACK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Pending> handedOut = new ConcurrentHashMap<>();
  private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
  private final CompletableFuture<Long> snapshotPoint = new CompletableFuture<>();
  private final CompletableFuture<Void> restored = new CompletableFuture<>();
  private final List<String> initErrors = new CopyOnWriteArrayList<>();
  private final List<String> restoreErrors = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private RuntimeApiEmulator() throws IOException {
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "runtime-api");
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(threads);
    server.createContext(PREFIX + "/", this::route);
    server.start();
  }

  /**
   * Starts an emulator on a free loopback port.
   *
   * @return the running emulator
   */
  public static RuntimeApiEmulator start() {
    try {
      return new RuntimeApiEmulator();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the Runtime API emulator", e);
    }
  }

  /**
   * The value of {@code AWS_LAMBDA_RUNTIME_API}.
   *
   * @return {@code 127.0.0.1:<port>}
   */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Hands {@code event} to the function and waits for its answer.
   *
   * @param event the event document (JSON)
   * @param remaining the time the function gets (its deadline header)
   * @param wait the longest this call waits
   * @return the answer
   * @throws IllegalStateException if none came within {@code wait}
   */
  public Response invoke(String event, Duration remaining, Duration wait) {
    CompletableFuture<Response> result = invokeAsync(event, remaining);
    try {
      return result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("The function did not answer within " + wait);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@link #invoke(String, Duration, Duration)} with 30 s to run and to wait.
   *
   * @param event the event document (JSON)
   * @return the answer
   */
  public Response invoke(String event) {
    return invoke(event, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /**
   * Queues {@code event} for the function.
   *
   * @param event the event document (JSON)
   * @param remaining the time the function gets
   * @return the answer, once it comes
   */
  public CompletableFuture<Response> invokeAsync(String event, Duration remaining) {
    Pending pending = new Pending(UUID.randomUUID().toString(), event,
        System.currentTimeMillis() + remaining.toMillis(), new CompletableFuture<>(), new long[1]);
    queue.add(pending);
    return pending.result();
  }

  /**
   * Waits until the runtime asks for its first invocation: init (and, under SnapStart, the
   * restore) is over.
   *
   * @param wait the longest this call waits
   * @return whether it did in time
   */
  public boolean awaitReady(Duration wait) {
    return await(firstPoll, wait);
  }

  /**
   * When the runtime first asked for an invocation.
   *
   * @return {@link System#nanoTime()} then
   */
  public long readyAtNanos() {
    return firstPoll.join();
  }

  /**
   * Waits until the runtime, under SnapStart, ran its before-checkpoint hooks and asks to be
   * restored: the point where Lambda takes the snapshot.
   *
   * @param wait the longest this call waits
   * @return whether it did in time
   */
  public boolean awaitSnapshotPoint(Duration wait) {
    return await(snapshotPoint, wait);
  }

  /**
   * When the runtime asked to be restored.
   *
   * @return {@link System#nanoTime()} then
   */
  public long snapshotPointNanos() {
    return snapshotPoint.join();
  }

  /** Lets the waiting runtime go on: its after-restore hooks, then invocations. */
  public void restore() {
    restored.complete(null);
  }

  /**
   * What the runtime reported on {@code …/init/error}, if anything.
   *
   * @return the error document
   */
  public Optional<String> initError() {
    return initErrors.stream().findFirst();
  }

  /**
   * What the runtime reported on {@code …/restore/error}, if anything.
   *
   * @return the error document
   */
  public Optional<String> restoreError() {
    return restoreErrors.stream().findFirst();
  }

  @Override
  public void close() {
    closed = true;
    restored.complete(null);
    server.stop(0);
    threads.shutdownNow();
  }

  private void route(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (method.equals("GET") && path.equals("/invocation/next")) {
        next(exchange);
      } else if (method.equals("GET") && path.equals("/restore/next")) {
        snapshotPoint.complete(System.nanoTime());
        restored.join();
        send(exchange, 200, new byte[0]);
      } else if (method.equals("POST") && path.equals("/init/error")) {
        initErrors.add(new String(body, StandardCharsets.UTF_8));
        firstPoll.completeExceptionally(new IllegalStateException("init failed"));
        send(exchange, 202, "{}".getBytes(StandardCharsets.UTF_8));
      } else if (method.equals("POST") && path.equals("/restore/error")) {
        restoreErrors.add(new String(body, StandardCharsets.UTF_8));
        send(exchange, 202, "{}".getBytes(StandardCharsets.UTF_8));
      } else if (method.equals("POST") && path.startsWith("/invocation/")) {
        answer(exchange, path, body);
      } else {
        send(exchange, 404, "{\"errorMessage\":\"unknown route\"}".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    firstPoll.complete(System.nanoTime());
    Pending pending = null;
    while (pending == null && !closed) {
      try {
        pending = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (pending == null) {
      return;
    }
    handedOut.put(pending.requestId(), pending);
    pending.handedOutNanos()[0] = System.nanoTime();
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
    exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
        Long.toString(pending.deadlineEpochMillis()));
    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
    exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
        "Root=1-00000000-000000000000000000000000;Sampled=0");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    send(exchange, 200, pending.event().getBytes(StandardCharsets.UTF_8));
  }

  private void answer(HttpExchange exchange, String path, byte[] body) throws IOException {
    String[] parts = path.split("/"); // "", "invocation", id, "response"|"error"
    Pending pending = parts.length == 4 ? handedOut.remove(parts[2]) : null;
    if (pending == null) {
      send(exchange, 400, "{\"errorMessage\":\"unknown request id\"}"
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    pending.result().complete(new Response(pending.requestId(), parts[3].equals("error"),
        new String(body, StandardCharsets.UTF_8), System.nanoTime() - pending.handedOutNanos()[0]));
    send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static boolean await(CompletableFuture<?> future, Duration wait) {
    try {
      future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
