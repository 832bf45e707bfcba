package dev.slipstream.core;

import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work to do before a Lambda SnapStart (CRaC) checkpoint, such as building SDK clients and sending a
 * first request, so that restored instances start warm.
 *
 * <pre>{@code
 * static {
 *   Priming.register("dynamodb", () -> DynamoClients.shared().describeEndpoints());
 * }
 * }</pre>
 *
 * <p>On the first registration Slipstream registers itself as an {@code org.crac} {@link Resource};
 * under SnapStart (or any CRaC runtime) every primer then runs in {@code beforeCheckpoint}. Without
 * a CRaC runtime that registration does nothing, and a function may call {@link #runAll()} in its
 * init phase instead.
 *
 * <p>Primers run in registration order. A primer that throws is logged and reported in its
 * {@link PrimerResult}, never rethrown: priming is an optimization and must not fail a deployment.
 *
 * <p>The registry is process-wide: a documented singleton, as the checkpoint it serves is.
 */
public final class Priming {

  private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
  private static final PrimerRegistry REGISTRY = new PrimerRegistry(Ticker.system());
  // Strongly held: the CRaC global context keeps only weak references to its resources.
  private static final Resource CHECKPOINT_HOOK = new CheckpointHook();
  private static boolean hookRegistered;

  private Priming() {}

  /**
   * Registers a primer.
   *
   * @param name unique, for logs and results
   * @param primer the work; may throw, which is logged and reported
   * @throws IllegalArgumentException if {@code name} is blank or already registered
   */
  public static void register(String name, Runnable primer) {
    REGISTRY.register(name, primer);
    registerCheckpointHook();
  }

  /** Runs every registered primer now, in registration order; never throws for a primer's failure. */
  public static List<PrimerResult> runAll() {
    return REGISTRY.runAll();
  }

  /** The registered primers' names, in registration order. */
  public static List<String> names() {
    return REGISTRY.names();
  }

  private static synchronized void registerCheckpointHook() {
    if (hookRegistered) {
      return;
    }
    hookRegistered = true;
    try {
      Core.getGlobalContext().register(CHECKPOINT_HOOK);
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("No CRaC runtime; primers run only through Priming.runAll()", e);
    }
  }

  private static final class CheckpointHook implements Resource {
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      List<PrimerResult> results = runAll();
      LOG.info("Ran {} primer(s) before checkpoint", results.size());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      // Nothing to undo: primers warm state that stays valid after restore.
    }
  }
}
