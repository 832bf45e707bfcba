package dev.slipstream.core;

import java.util.List;

/**
 * Work that warms a function before its first real request, such as a first DynamoDB call, a
 * Redis connection, or one pass through a request's code.
 *
 * <pre>{@code
 * static {
 *   Priming.register("dynamodb", () -> DynamoClients.shared().describeEndpoints());
 * }
 * }</pre>
 *
 * <p>When primers run is {@link Lifecycle}'s decision: at {@link Lifecycle#initComplete()} when no
 * snapshot will be taken (on-demand and provisioned concurrency; on by default), and before the
 * snapshot under SnapStart. {@link #runAll()} runs them now, for runtimes that drive neither.
 *
 * <p>Primers run in registration order. A primer that throws is logged and reported in its
 * {@link PrimerResult}, never rethrown: priming is an optimization and must not fail a deployment.
 * The registry is process-wide: a documented singleton, as the lifecycle it serves is.
 */
public final class Priming {

  private Priming() {}

  /**
   * Registers a primer.
   *
   * @param name unique, for logs and results
   * @param primer the work; may throw, which is logged and reported
   * @throws IllegalArgumentException if {@code name} is blank or already registered
   */
  public static void register(String name, Runnable primer) {
    Lifecycle.global().primers().register(name, primer);
  }

  /**
   * Runs every registered primer now, in registration order; never throws for a primer's failure.
   *
   * @return what each primer did
   */
  public static List<PrimerResult> runAll() {
    return Lifecycle.global().primers().runAll();
  }

  /**
   * The registered primers' names, in registration order.
   *
   * @return the names
   */
  public static List<String> names() {
    return Lifecycle.global().primers().names();
  }
}
