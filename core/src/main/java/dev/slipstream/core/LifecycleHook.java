package dev.slipstream.core;

/**
 * What a module (or a function) does in each phase of a Lambda execution environment's life; every
 * method does nothing by default. Register one with {@link Lifecycle#register}.
 *
 * <pre>{@code
 * Lifecycle.register("my-pool", new LifecycleHook() {
 *   public void beforeSnapshot() { pool.closeIdleConnections(); }
 *   public void afterRestore() { pool.reconnectInBackground(); }
 * });
 * }</pre>
 *
 * <p>A hook that throws is logged and skipped; the phase goes on with the other hooks. Hooks run
 * on the thread that drives the phase: keep them short and bounded.
 */
public interface LifecycleHook {

  /**
   * Right after the primers ran (at the end of init, or before the snapshot): drop what their
   * pretend requests left behind that must not count as real ones (metrics, say). Hooks run in
   * the order of registration.
   *
   * @throws Exception logged; init goes on
   */
  default void primed() throws Exception {}

  /**
   * Before a SnapStart (CRaC) snapshot, after the primers ran: leave no socket open and no thread
   * mid-work, and drop what priming left that must not reach a real invocation. Hooks run in the
   * reverse order of registration.
   *
   * @throws Exception logged; the snapshot is still taken
   */
  default void beforeSnapshot() throws Exception {}

  /**
   * In a restored environment, before its first invocation: new identities, fresh connections and
   * credentials, caches re-checked. The environment may be one of many restored from the same
   * snapshot, possibly days after it was taken. Hooks run in the order of registration.
   *
   * @throws Exception logged; the invocations still start
   */
  default void afterRestore() throws Exception {}

  /**
   * At the start of an invocation run through {@link Lifecycle#invoke}, in registration order.
   *
   * @param invocation the invocation about to run
   */
  default void invocationStarted(Invocation invocation) {}

  /**
   * At the end of an invocation run through {@link Lifecycle#invoke}, in the reverse order of
   * registration, before the response leaves: flush what must be flushed, within the invocation's
   * time.
   *
   * @param invocation the invocation that ran; {@link Invocation#failure()} says whether it failed
   */
  default void invocationEnded(Invocation invocation) {}
}
