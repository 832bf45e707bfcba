package dev.slipstream.metrics;

import dev.slipstream.core.Invocation;
import dev.slipstream.core.LifecycleHook;
import java.time.Duration;

/**
 * What a {@link Metrics} does in each phase of the function's life: drops what primers recorded,
 * puts the request id into the batch's metadata, counts a restored start or a failed invocation,
 * and flushes at the end of every invocation. Package-private.
 */
final class InvocationChores implements LifecycleHook {

  private final Metrics metrics;
  private final Duration flushTimeout;

  InvocationChores(Metrics metrics, Duration flushTimeout) {
    this.metrics = metrics;
    this.flushTimeout = flushTimeout;
  }

  @Override
  public void primed() {
    metrics.discard(); // the primers' requests were not real ones
  }

  @Override
  public void beforeSnapshot() {
    metrics.discard();
  }

  @Override
  public void afterRestore() {
    metrics.discard();
  }

  @Override
  public void invocationStarted(Invocation invocation) {
    metrics.metadata("RequestId", invocation.requestId());
    if (invocation.firstAfterRestore()) {
      Flusher.coldStartReported(); // a restore is not a cold start
      metrics.count(Metrics.RESTORED_START);
    }
  }

  @Override
  public void invocationEnded(Invocation invocation) {
    if (invocation.failure().isPresent()) {
      metrics.count(Metrics.INVOCATION_ERRORS);
    }
    metrics.flush(flushTimeout);
  }
}
