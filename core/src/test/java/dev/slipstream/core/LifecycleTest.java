package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/** The phase order of one environment's lifecycle, on a registry of its own. */
class LifecycleTest {

  private final List<String> log = new ArrayList<>();

  private LifecycleRegistry registry(String... variables) {
    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < variables.length; i += 2) {
      env.put(variables[i], variables[i + 1]);
    }
    return new LifecycleRegistry(Environment.of(env), new FakeTicker(),
        LifecycleTest.class.getClassLoader());
  }

  private LifecycleHook recording(String name) {
    return new LifecycleHook() {
      @Override
      public void beforeSnapshot() {
        log.add(name + ".beforeSnapshot");
      }

      @Override
      public void afterRestore() {
        log.add(name + ".afterRestore");
      }

      @Override
      public void primed() {
        log.add(name + ".primed");
      }

      @Override
      public void invocationStarted(Invocation invocation) {
        log.add(name + ".started " + invocation.requestId() + " mdc=" + MDC.get("requestId"));
      }

      @Override
      public void invocationEnded(Invocation invocation) {
        log.add(name + ".ended failed=" + invocation.failure().isPresent());
      }
    };
  }

  @Test
  void onDemand_primersRunAtInitComplete_once() {
    LifecycleRegistry lifecycle = registry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    lifecycle.primers().register("warm", () -> log.add("primer"));
    assertThat(lifecycle.initType()).isEqualTo(InitType.ON_DEMAND);
    assertThat(lifecycle.initComplete()).extracting(PrimerResult::name).containsExactly("warm");
    assertThat(lifecycle.initComplete()).isEmpty();
    lifecycle.beforeSnapshot(); // a CRaC runtime anyway: primers do not run twice
    assertThat(log).containsExactly("primer");
  }

  @Test
  void provisionedConcurrency_primesAtInit_withoutCrac() {
    LifecycleRegistry lifecycle = registry("AWS_LAMBDA_INITIALIZATION_TYPE",
        "provisioned-concurrency");
    lifecycle.primers().register("warm", () -> log.add("primer"));
    lifecycle.initComplete();
    assertThat(log).containsExactly("primer");
  }

  @Test
  void snapStart_primersWaitForTheSnapshot_thenHooksQuiesceInReverseOrder() {
    LifecycleRegistry lifecycle = registry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    lifecycle.primers().register("warm", () -> log.add("primer"));
    lifecycle.register("tier", recording("tier"));
    lifecycle.register("cache", recording("cache"));
    assertThat(lifecycle.initComplete()).isEmpty();
    assertThat(log).isEmpty();
    lifecycle.beforeSnapshot();
    lifecycle.afterRestore();
    assertThat(log).containsExactly("primer", "tier.primed", "cache.primed",
        "cache.beforeSnapshot", "tier.beforeSnapshot", "tier.afterRestore", "cache.afterRestore");
  }

  @Test
  void primeAtInitOff_primersOnlyBeforeSnapshot() {
    LifecycleRegistry lifecycle = registry("AWS_LAMBDA_FUNCTION_NAME", "f",
        LifecycleRegistry.PRIME_AT_INIT_VARIABLE, "false");
    lifecycle.primers().register("warm", () -> log.add("primer"));
    assertThat(lifecycle.initComplete()).isEmpty();
    assertThat(log).isEmpty();
  }

  @Test
  void trainingRun_primesWhateverTheInitType_quiescesHooks_thenExits() {
    LifecycleRegistry lifecycle = new LifecycleRegistry(Environment.of(Map.of(
        "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "SLIPSTREAM_PRIME_AT_INIT", "false",
        "SLIPSTREAM_TRAINING_RUN", "true")), new FakeTicker(),
        LifecycleTest.class.getClassLoader(), status -> log.add("exit " + status));
    lifecycle.register("a", recording("a"));
    lifecycle.register("b", recording("b"));
    lifecycle.primers().register("warm", () -> log.add("primer"));
    assertThat(lifecycle.initComplete()).extracting(PrimerResult::name).containsExactly("warm");
    assertThat(log).containsExactly("primer", "a.primed", "b.primed", "b.beforeSnapshot",
        "a.beforeSnapshot", "exit 0");
  }

  @Test
  void trainingRun_aPrimerFails_exitStatusSaysSo() {
    List<Integer> exits = new ArrayList<>();
    LifecycleRegistry lifecycle = new LifecycleRegistry(Environment.of(Map.of(
        "SLIPSTREAM_TRAINING_RUN", "true")), new FakeTicker(),
        LifecycleTest.class.getClassLoader(), exits::add);
    lifecycle.primers().register("broken", () -> {
      throw new IllegalStateException("no table");
    });
    lifecycle.primers().register("fine", () -> log.add("fine"));
    assertThat(lifecycle.initComplete()).extracting(PrimerResult::succeeded)
        .containsExactly(false, true);
    assertThat(log).containsExactly("fine");
    assertThat(exits).containsExactly(LifecycleRegistry.TRAINING_PRIMER_FAILED);
  }

  @Test
  void notATrainingRun_neverExits() {
    List<Integer> exits = new ArrayList<>();
    LifecycleRegistry lifecycle = new LifecycleRegistry(Environment.of(Map.of()),
        new FakeTicker(), LifecycleTest.class.getClassLoader(), exits::add);
    lifecycle.primers().register("warm", () -> log.add("primer"));
    lifecycle.initComplete();
    lifecycle.invoke(Invocation.of("r1", Deadline.none()), invocation -> "ok");
    assertThat(log).containsExactly("primer");
    assertThat(exits).isEmpty();
  }

  @Test
  void invoke_hooksAroundTheBody_requestIdInMdc_coldStartOnce() {
    LifecycleRegistry lifecycle = registry("AWS_LAMBDA_FUNCTION_NAME", "f");
    lifecycle.initComplete();
    lifecycle.register("metrics", recording("metrics"));
    lifecycle.register("profiler", recording("profiler"));
    List<Boolean> cold = new ArrayList<>();
    String answer = lifecycle.invoke(Invocation.of("req-1", Deadline.none()), invocation -> {
      cold.add(invocation.coldStart());
      log.add("body mdc=" + MDC.get("requestId"));
      return "ok";
    });
    lifecycle.invoke(Invocation.of("req-2", Deadline.none()), invocation -> {
      cold.add(invocation.coldStart());
      return "ok";
    });
    assertThat(answer).isEqualTo("ok");
    assertThat(cold).containsExactly(true, false);
    assertThat(log.subList(0, 5)).containsExactly("metrics.started req-1 mdc=req-1",
        "profiler.started req-1 mdc=req-1", "body mdc=req-1", "profiler.ended failed=false",
        "metrics.ended failed=false");
    assertThat(MDC.get("requestId")).isNull();
  }

  @Test
  void invoke_afterRestore_firstInvocationFlaggedRestoredNotCold() {
    LifecycleRegistry lifecycle = registry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    lifecycle.initComplete();
    lifecycle.beforeSnapshot();
    lifecycle.afterRestore();
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      lifecycle.invoke(Invocation.of("r" + i, Deadline.none()), invocation -> {
        flags.add(invocation.coldStart() + "/" + invocation.firstAfterRestore());
        return null;
      });
    }
    assertThat(flags).containsExactly("false/true", "false/false");
  }

  @Test
  void invoke_bodyThrows_failureSeenByHooks_thenRethrown_hookFailuresSwallowed() {
    LifecycleRegistry lifecycle = registry();
    lifecycle.initComplete();
    lifecycle.register("broken", new LifecycleHook() {
      @Override
      public void invocationEnded(Invocation invocation) {
        throw new IllegalStateException("hook bug");
      }
    });
    lifecycle.register("metrics", recording("metrics"));
    assertThatThrownBy(() -> lifecycle.invoke(Invocation.of("r", Deadline.none()), invocation -> {
      throw new IOException("table gone");
    })).isInstanceOf(IOException.class).hasMessage("table gone");
    assertThat(log).containsExactly("metrics.started r mdc=r", "metrics.ended failed=true");
  }

  @Test
  void invoke_failMarksAnAnsweredInvocationFailed() {
    LifecycleRegistry lifecycle = registry();
    lifecycle.initComplete();
    lifecycle.register("metrics", recording("metrics"));
    lifecycle.invoke(Invocation.of("r", Deadline.none()), invocation -> {
      invocation.fail(new IllegalStateException("answered 503"));
      return "503";
    });
    assertThat(log).contains("metrics.ended failed=true");
  }

  @Test
  void invoke_withoutInitComplete_primesInTheFirstInvocation() {
    LifecycleRegistry lifecycle = registry("AWS_LAMBDA_FUNCTION_NAME", "f");
    lifecycle.primers().register("warm", () -> log.add("primer"));
    lifecycle.invoke(Invocation.of("r", Deadline.none()), invocation -> log.add("body"));
    assertThat(log).containsExactly("primer", "body");
  }

  @Test
  void registration_closed_hookNoLongerRuns() {
    LifecycleRegistry lifecycle = registry();
    Lifecycle.Registration registration = lifecycle.register("gone", recording("gone"));
    registration.close();
    lifecycle.afterRestore();
    assertThat(log).isEmpty();
  }

  @Test
  void initType_fromTheEnvironment() {
    assertThat(InitType.from(Environment.of(Map.of()))).isEqualTo(InitType.NOT_LAMBDA);
    assertThat(InitType.from(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f"))))
        .isEqualTo(InitType.ON_DEMAND);
    assertThat(InitType.from(Environment.of(Map.of(InitType.VARIABLE, "snap-start"))))
        .isEqualTo(InitType.SNAP_START);
    assertThat(InitType.from(Environment.of(Map.of(InitType.VARIABLE, "something-new",
        "AWS_LAMBDA_FUNCTION_NAME", "f")))).isEqualTo(InitType.ON_DEMAND);
  }

  @Test
  void afterRestore_reseedsRandomness() {
    Randomness.shared().nextLong(); // this thread's generator exists
    Object before = generatorOfThisThread();
    registry().afterRestore();
    Randomness.shared().nextLong();
    assertThat(generatorOfThisThread()).as("a new seed after the restore").isNotSameAs(before);
  }

  private static Object generatorOfThisThread() {
    try {
      java.lang.reflect.Field field = Randomness.class.getDeclaredField("PER_THREAD");
      field.setAccessible(true);
      return ((ThreadLocal<?>) field.get(null)).get();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void classPreloader_loadsListedClasses_skipsMissingOnes(@TempDir Path dir) throws IOException {
    Path list = dir.resolve(ClassPreloader.RESOURCE);
    Files.createDirectories(list.getParent());
    Files.writeString(list, "# generated\njava.util.concurrent.Phaser\n\nno.such.Clazz\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        LifecycleTest.class.getClassLoader())) {
      assertThat(ClassPreloader.preload(loader)).isEqualTo(1);
    }
  }
}
