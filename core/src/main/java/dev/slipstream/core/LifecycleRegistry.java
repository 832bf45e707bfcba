package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The lifecycle of one execution environment: its hooks and primers, which phase it is in, and the
 * order things run in. {@link Lifecycle} holds the process-wide one; tests make their own.
 * Package-private.
 */
final class LifecycleRegistry {

  /** SLF4J is loaded when something is first logged, not with this class: a cold start saves ~40 ms. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
  }
  /** Set {@value} to {@code false} to keep primers for the snapshot only. */
  static final String PRIME_AT_INIT_VARIABLE = "SLIPSTREAM_PRIME_AT_INIT";
  /** Set {@value} to {@code false} to skip the class list (to measure what it saves). */
  static final String PRELOAD_VARIABLE = "SLIPSTREAM_PRELOAD_CLASSES";
  /** Set {@value} to {@code true} for a training run: init, primers, then the process exits. */
  static final String TRAINING_RUN_VARIABLE = "SLIPSTREAM_TRAINING_RUN";
  /** A training run's exit status when a primer failed: its archive lacks that primer's paths. */
  static final int TRAINING_PRIMER_FAILED = 3;

  /** A registered hook; equal only to itself (no record: its equals would bootstrap at init). */
  private static final class Named {
    final String name;
    final LifecycleHook hook;

    Named(String name, LifecycleHook hook) {
      this.name = name;
      this.hook = hook;
    }

    String name() {
      return name;
    }

    LifecycleHook hook() {
      return hook;
    }
  }

  /** Undoes one registration (a class, not a lambda: no lambda bootstrap on the cold path). */
  private final class Unregister implements Lifecycle.Registration {
    private final Named named;

    Unregister(Named named) {
      this.named = named;
    }

    @Override
    public void close() {
      hooks.remove(named);
    }
  }

  private final InitType initType;
  private final boolean primeAtInit;
  private final boolean preload;
  private final PrimerRegistry primers;
  private final ClassLoader loader;
  private final boolean trainingRun;
  private final IntConsumer exit;
  private final List<Named> hooks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean initCompleted = new AtomicBoolean();
  private final AtomicBoolean primed = new AtomicBoolean();
  private final AtomicBoolean invoked = new AtomicBoolean();
  private final AtomicBoolean restoredSinceInvocation = new AtomicBoolean();
  private final AtomicInteger restores = new AtomicInteger();

  LifecycleRegistry(Environment environment, Ticker ticker, ClassLoader loader) {
    this(environment, ticker, loader, new RuntimeExit());
  }

  /** {@link Runtime#exit} (a class, not a lambda: no lambda bootstrap on the cold path). */
  private static final class RuntimeExit implements IntConsumer {
    @Override
    public void accept(int status) {
      Runtime.getRuntime().exit(status);
    }
  }

  /** With {@code exit} in place of {@link Runtime#exit}, for tests of the training run. */
  LifecycleRegistry(Environment environment, Ticker ticker, ClassLoader loader,
      IntConsumer exit) {
    this.trainingRun = environment.booleanValue(TRAINING_RUN_VARIABLE, false);
    this.exit = requireNonNull(exit, "exit must not be null");
    this.initType = InitType.from(environment);
    this.primeAtInit = environment.booleanValue(PRIME_AT_INIT_VARIABLE, true);
    this.preload = environment.booleanValue(PRELOAD_VARIABLE, true);
    this.primers = new PrimerRegistry(ticker);
    this.loader = loader;
  }

  InitType initType() {
    return initType;
  }

  PrimerRegistry primers() {
    return primers;
  }

  int restores() {
    return restores.get();
  }

  Lifecycle.Registration register(String name, LifecycleHook hook) {
    requireNonNull(name, "name must not be null");
    requireNonNull(hook, "hook must not be null");
    Named named = new Named(name, hook);
    hooks.add(named);
    return new Unregister(named);
  }

  /** The end of init: primers now, unless they wait for the snapshot. Once; later calls do nothing. */
  List<PrimerResult> initComplete() {
    if (!initCompleted.compareAndSet(false, true)) {
      return List.of();
    }
    if (trainingRun) {
      return train();
    }
    if (initType.snapshotExpected()) {
      Log.LOG.debug("Init complete; primers run before the snapshot");
      return List.of();
    }
    if (!primeAtInit) {
      Log.LOG.debug("Init complete; primers off at init ({}=false)", PRIME_AT_INIT_VARIABLE);
      return List.of();
    }
    return prime();
  }

  /** Runs the primers and preloads the listed classes, once. */
  List<PrimerResult> prime() {
    if (!primed.compareAndSet(false, true)) {
      return List.of();
    }
    List<PrimerResult> results = primers.runAll();
    if (preload) {
      ClassPreloader.preload(loader);
    }
    runHooks(false, "after priming", LifecycleHook::primed);
    return results;
  }

  /**
   * A training run: what init and the primers load is what an archive recorded at exit holds
   * ({@code -XX:AOTCacheOutput} on Java 25, {@code -XX:ArchiveClassesAtExit} before), so prime
   * whatever the init type, close what the hooks close before a snapshot, and exit — a Lambda
   * runtime would otherwise poll for events forever, and the JVM writes the archive only at exit.
   */
  private List<PrimerResult> train() {
    long start = System.nanoTime();
    List<PrimerResult> results = prime();
    runHooks(true, "before the training run's exit", LifecycleHook::beforeSnapshot);
    long failed = results.stream().filter(r -> !r.succeeded()).count();
    Log.LOG.info("Training run ({}=true): {} primer(s) ran in {} ms, {} failed; exiting so that"
        + " the JVM writes its archive", TRAINING_RUN_VARIABLE, results.size(),
        (System.nanoTime() - start) / 1_000_000, failed);
    exit.accept(failed == 0 ? 0 : TRAINING_PRIMER_FAILED);
    return results;
  }

  void beforeSnapshot() {
    List<PrimerResult> results = prime();
    Log.LOG.info("Before snapshot: ran {} primer(s); quiescing {} hook(s)", results.size(),
        hooks.size());
    runHooks(true, "before the snapshot", LifecycleHook::beforeSnapshot);
  }

  void afterRestore() {
    Randomness.reseed();
    restores.incrementAndGet();
    restoredSinceInvocation.set(true);
    runHooks(false, "after the restore", LifecycleHook::afterRestore);
    Log.LOG.info("After restore: {} hook(s) ran", hooks.size());
  }

  <R, E extends Exception> R invoke(Invocation invocation, Lifecycle.Body<R, E> body) throws E {
    requireNonNull(invocation, "invocation must not be null");
    requireNonNull(body, "body must not be null");
    if (!initCompleted.get()) {
      Log.LOG.warn("Lifecycle.initComplete() was not called during init: primers run in this first"
          + " invocation instead");
      initComplete();
    }
    boolean first = invoked.compareAndSet(false, true);
    invocation.start(first && restores.get() == 0, restoredSinceInvocation.getAndSet(false));
    MDC.put(Lifecycle.MDC_REQUEST_ID, invocation.requestId());
    try {
      runHooks(false, "at the start of an invocation", hook -> hook.invocationStarted(invocation));
      return body.run(invocation);
    } catch (Exception | Error e) {
      invocation.failIfNot(e);
      throw e;
    } finally {
      runHooks(true, "at the end of an invocation", hook -> hook.invocationEnded(invocation));
      MDC.remove(Lifecycle.MDC_REQUEST_ID);
    }
  }

  /** One phase's call on a hook. */
  @FunctionalInterface
  private interface HookCall {
    void call(LifecycleHook hook) throws Exception;
  }

  /**
   * Calls every hook for one phase, in registration order or (for the phases that wind down)
   * in reverse; a failing hook is logged and the others still run.
   */
  private void runHooks(boolean reverse, String when, HookCall call) {
    List<Named> ordered = new ArrayList<>(hooks);
    if (reverse) {
      Collections.reverse(ordered);
    }
    for (Named named : ordered) {
      try {
        call.call(named.hook());
      } catch (Exception | LinkageError e) {
        Log.LOG.warn("Lifecycle hook '{}' failed {}; going on", named.name(), when, e);
      }
    }
  }
}
