package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One Lambda invocation as Slipstream sees it: its request id, its deadline, whether it is the
 * first of a cold or of a restored environment, and whether it failed. Made from the Lambda
 * {@code Context} ({@link LambdaInvocation#of}) and run through {@link Lifecycle#invoke}.
 *
 * <pre>{@code
 * public Response handleRequest(Request request, Context context) {
 *   return Lifecycle.invoke(LambdaInvocation.of(context), invocation -> {
 *     Deadline deadline = invocation.deadline().minus(Duration.ofMillis(300)); // time to answer
 *     ...
 *   });
 * }
 * }</pre>
 *
 * <p>A handler that turns a failure into a response (an HTTP 5xx, which Lambda counts as a
 * success) calls {@link #fail} so that the failure is still counted.
 */
public final class Invocation {

  private final String requestId;
  private final Deadline deadline;
  private final String functionArn; // null when unknown
  private volatile boolean coldStart;
  private volatile boolean firstAfterRestore;
  private volatile Throwable failure;

  private Invocation(String requestId, Deadline deadline, String functionArn) {
    this.requestId = requireNonNull(requestId, "requestId must not be null");
    this.deadline = requireNonNull(deadline, "deadline must not be null");
    this.functionArn = functionArn;
  }

  /**
   * An invocation outside Lambda: a local runner, a test.
   *
   * @param requestId identifies it in logs
   * @param deadline when its time runs out; {@link Deadline#none()} for none
   * @return the invocation
   */
  public static Invocation of(String requestId, Deadline deadline) {
    return new Invocation(requestId, deadline, null);
  }

  static Invocation of(String requestId, Deadline deadline, String functionArn) {
    return new Invocation(requestId, deadline, functionArn);
  }

  /**
   * The request id Lambda gave this invocation.
   *
   * @return the id, also in the SLF4J MDC as {@value Lifecycle#MDC_REQUEST_ID} while it runs
   */
  public String requestId() {
    return requestId;
  }

  /**
   * When this invocation's time runs out (Lambda kills it then); keep a margin to answer.
   *
   * @return the deadline from the context's remaining time
   */
  public Deadline deadline() {
    return deadline;
  }

  /**
   * The ARN the function was invoked with, when known.
   *
   * @return the ARN, with a version or alias if the caller used one
   */
  public Optional<String> functionArn() {
    return Optional.ofNullable(functionArn);
  }

  /**
   * Whether this is the first invocation of an environment that was initialized for it (not
   * restored from a snapshot).
   *
   * @return true once per cold environment
   */
  public boolean coldStart() {
    return coldStart;
  }

  /**
   * Whether this is the first invocation after the environment was restored from a snapshot.
   *
   * @return true once per restore
   */
  public boolean firstAfterRestore() {
    return firstAfterRestore;
  }

  /**
   * Marks this invocation failed although it returns normally: hooks (metrics) count it as an error.
   *
   * @param cause what went wrong
   */
  public void fail(Throwable cause) {
    this.failure = requireNonNull(cause, "cause must not be null");
  }

  /**
   * Why this invocation failed: what {@link #fail} was given, or what the handler threw.
   *
   * @return the failure, or empty if it succeeded
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  void start(boolean coldStart, boolean firstAfterRestore) {
    this.coldStart = coldStart;
    this.firstAfterRestore = firstAfterRestore;
  }

  void failIfNot(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
  }

  @Override
  public String toString() {
    return "Invocation[" + requestId + (coldStart ? ", cold" : "")
        + (firstAfterRestore ? ", restored" : "") + ", " + deadline + "]";
  }
}
