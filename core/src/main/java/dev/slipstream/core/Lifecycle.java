package dev.slipstream.core;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phases of a Lambda execution environment, and what runs in each. One process-wide lifecycle
 * (a documented singleton, as the environment it follows is one per process).
 *
 * <pre>
 *   init ──► initComplete() ──► invoke(...) ──► invoke(...) ...          (on-demand, provisioned)
 *   init ──► initComplete() ──► [before snapshot] ══ snapshot ══ [after restore] ──► invoke(...) ...
 * </pre>
 * <ul>
 *   <li><b>init</b>: build clients and caches; start slow connections early and side by side.
 *       Call {@link #initComplete()} at its end (a handler's constructor): the {@link Priming}
 *       primers and the class list of {@code META-INF/slipstream/preload-classes.txt} run then,
 *       unless a snapshot will be taken ({@code SLIPSTREAM_PRIME_AT_INIT=false} turns this off;
 *       {@code SLIPSTREAM_PRELOAD_CLASSES=false} skips the class list),
 *       and every hook's {@link LifecycleHook#primed()} drops what the primers recorded.
 *       In a <em>training run</em> ({@code SLIPSTREAM_TRAINING_RUN=true}) the primers and class list
 *       run whatever the init type, every hook's {@link LifecycleHook#beforeSnapshot()} closes what
 *       it holds, and the process exits — status 0, or 3 if a primer failed — so that the JVM
 *       writes the class-data archive it was asked for ({@code -XX:AOTCacheOutput} on Java 25,
 *       {@code -XX:ArchiveClassesAtExit} before): what a container image's build does
 *       ({@code examples/Dockerfile}).</li>
 *   <li><b>before snapshot</b> (SnapStart, through {@code org.crac} when on the class path): the
 *       primers and class list, then every hook's {@link LifecycleHook#beforeSnapshot()} in reverse
 *       order of registration: close sockets, drop what priming recorded.</li>
 *   <li><b>after restore</b>: randomness re-seeded ({@link Randomness}), then every hook's
 *       {@link LifecycleHook#afterRestore()} in registration order: new identities, fresh
 *       connections and credentials, caches cleared or re-checked.</li>
 *   <li><b>invocation</b>: {@link #invoke} puts the request id in the SLF4J MDC, runs each hook's
 *       {@link LifecycleHook#invocationStarted}, the body, then each hook's
 *       {@link LifecycleHook#invocationEnded} (metrics flushed, errors counted) before the response
 *       leaves.</li>
 * </ul>
 *
 * <pre>{@code
 * public final class Handler implements RequestHandler<Request, Response> {
 *   private static final Lazy<App> APP = Lazy.of(App::create);
 *
 *   public Handler() {
 *     APP.get();
 *     Lifecycle.initComplete();
 *   }
 *
 *   public Response handleRequest(Request request, Context context) {
 *     return Lifecycle.invoke(LambdaInvocation.of(context), invocation -> APP.get().handle(request, invocation));
 *   }
 * }
 * }</pre>
 *
 * <p>Slipstream's own modules register their hooks themselves ({@code TieredCache},
 * {@code RedisTier}, {@code Metrics}, {@code ClientSetup}); a function registers its own with
 * {@link #register}. No reflection, proxies or AspectJ.
 */
public final class Lifecycle {

  /** The SLF4J MDC key of the request id while an invocation runs. */
  public static final String MDC_REQUEST_ID = "requestId";

  /** SLF4J is loaded when something is first logged, not with this class: a cold start saves ~40 ms. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
  }
  private static final LifecycleRegistry GLOBAL = new LifecycleRegistry(Environment.system(),
      Ticker.system(), Lifecycle.class.getClassLoader());
  // Strongly held: CRaC keeps only weak references to its resources. Null without org.crac.
  private static final Object CRAC_BRIDGE = installCracBridge();

  private Lifecycle() {}

  /** An invocation's work; may throw what the handler may. */
  @FunctionalInterface
  public interface Body<R, E extends Exception> {
    /**
     * Runs the invocation.
     *
     * @param invocation the invocation
     * @return the response
     * @throws E what the handler throws
     */
    R run(Invocation invocation) throws E;
  }

  /** A hook's place in the lifecycle; closing it removes the hook. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** Removes the hook; later phases no longer run it. */
    @Override
    void close();
  }

  /**
   * Adds a hook to every phase from now on. Hooks are held strongly until their registration is
   * closed: close it when the object behind the hook is closed.
   *
   * @param name names the hook in logs
   * @param hook what to do in each phase
   * @return the registration, to close
   */
  public static Registration register(String name, LifecycleHook hook) {
    return GLOBAL.register(name, hook);
  }

  /**
   * How Lambda started this environment.
   *
   * @return from {@code AWS_LAMBDA_INITIALIZATION_TYPE}
   */
  public static InitType initType() {
    return GLOBAL.initType();
  }

  /**
   * Marks the end of init: primers and class preloading run now unless a snapshot will be taken.
   * Once per process; later calls do nothing. Never throws for a primer's failure. In a training
   * run ({@code SLIPSTREAM_TRAINING_RUN=true}) it primes, quiesces the hooks and exits the process.
   *
   * @return what each primer did, or an empty list if none ran now
   */
  public static List<PrimerResult> initComplete() {
    return GLOBAL.initComplete();
  }

  /**
   * Runs one invocation with the chores around it: the request id in the MDC, the hooks, the body,
   * and the hooks at the end; a body that throws marks the invocation failed and the exception
   * goes on to the caller.
   *
   * @param invocation from {@link Invocation#of}
   * @param body the handler's work
   * @param <R> the response type
   * @param <E> what the body may throw
   * @return what the body returned
   * @throws E what the body threw
   */
  public static <R, E extends Exception> R invoke(Invocation invocation, Body<R, E> body)
      throws E {
    return GLOBAL.invoke(invocation, body);
  }

  /**
   * Runs the before-snapshot phase now, as a CRaC runtime does; for runtimes without CRaC and for
   * tests of a function's hooks.
   */
  public static void beforeSnapshot() {
    GLOBAL.beforeSnapshot();
  }

  /**
   * Runs the after-restore phase now, as a CRaC runtime does; for runtimes without CRaC and for
   * tests of a function's hooks.
   */
  public static void afterRestore() {
    GLOBAL.afterRestore();
  }

  static LifecycleRegistry global() {
    return GLOBAL;
  }

  private static Object installCracBridge() {
    try {
      Class.forName("org.crac.Resource", false, Lifecycle.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      Log.LOG.debug("org.crac is not on the class path: no SnapStart hooks");
      return null;
    }
    return CracBridge.install(GLOBAL);
  }
}
