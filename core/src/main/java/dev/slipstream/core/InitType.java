package dev.slipstream.core;

import java.util.Locale;

/**
 * How Lambda started this execution environment, from {@code AWS_LAMBDA_INITIALIZATION_TYPE}:
 * it decides when primers run (see {@link Lifecycle}).
 */
public enum InitType {

  /** Started for a request: init, then invocations. */
  ON_DEMAND,
  /** Started ahead of requests (provisioned concurrency): init, idle, invocations. */
  PROVISIONED_CONCURRENCY,
  /** Started to take a snapshot (SnapStart): init, snapshot, restore (maybe days later, many times), invocations. */
  SNAP_START,
  /** Not on Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} unset): tests, a local runner. */
  NOT_LAMBDA;

  /** The variable Lambda sets. */
  public static final String VARIABLE = "AWS_LAMBDA_INITIALIZATION_TYPE";

  /**
   * The type {@code environment} describes; an unknown value of the variable counts as
   * {@link #ON_DEMAND} (a newer Lambda feature must not stop the function).
   *
   * @param environment where {@value #VARIABLE} and {@code AWS_LAMBDA_FUNCTION_NAME} are read
   * @return the type
   */
  public static InitType from(Environment environment) {
    String value = environment.get(VARIABLE).orElse("").trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "snap-start":
        return SNAP_START;
      case "provisioned-concurrency":
        return PROVISIONED_CONCURRENCY;
      case "on-demand":
        return ON_DEMAND;
      default:
        return environment.get("AWS_LAMBDA_FUNCTION_NAME").isPresent() ? ON_DEMAND : NOT_LAMBDA;
    }
  }

  /**
   * Whether a snapshot will be taken after init.
   *
   * @return true for {@link #SNAP_START}
   */
  public boolean snapshotExpected() {
    return this == SNAP_START;
  }
}
