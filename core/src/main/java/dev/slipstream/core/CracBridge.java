package dev.slipstream.core;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a {@link LifecycleRegistry} to {@code org.crac}: its before-checkpoint and after-restore
 * become the lifecycle's phases. Loaded only when {@code org.crac} is on the class path; under
 * Lambda SnapStart the runtime drives it ({@code org.crac} delegates to the runtime's own
 * implementation), elsewhere registering it does nothing. Package-private.
 */
final class CracBridge implements Resource {

  /** SLF4J is loaded when something is first logged, not with this class: a cold start saves ~40 ms. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
  }

  private final LifecycleRegistry registry;

  private CracBridge(LifecycleRegistry registry) {
    this.registry = registry;
  }

  /** Registers a bridge for {@code registry}; returns it (hold it strongly), or null on failure. */
  static CracBridge install(LifecycleRegistry registry) {
    CracBridge bridge = new CracBridge(registry);
    try {
      Core.getGlobalContext().register(bridge);
      return bridge;
    } catch (RuntimeException | LinkageError e) {
      Log.LOG.debug("No CRaC context; snapshot phases run only through Lifecycle's methods", e);
      return null;
    }
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    registry.beforeSnapshot();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    registry.afterRestore();
  }
}
