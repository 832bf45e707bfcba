package dev.slipstream.profiler;

import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Invocation;
import dev.slipstream.core.LifecycleHook;
import dev.slipstream.core.MetricRecorder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memory profile of every invocation run through {@code Lifecycle.invoke}: a lifecycle hook that
 * starts a {@link MemoryProfiler} when an invocation starts and, when it ends, records the report
 * into a {@link MetricRecorder} (such as {@code Metrics}), hands it to an optional consumer (a
 * {@link MemorySizeAdvisor}), and logs it at DEBUG.
 *
 * <pre>{@code
 * Metrics metrics = Metrics.builder("Users").sink(EmfSink.stdout()).build();
 * // registered after metrics: end hooks run in reverse order, so the report is recorded before the flush
 * Lifecycle.register("memory", InvocationProfiles.recordingTo(metrics));
 * }</pre>
 */
public final class InvocationProfiles implements LifecycleHook {

  private static final Logger LOG = LoggerFactory.getLogger(InvocationProfiles.class);

  private final MetricRecorder recorder;
  private final Consumer<MemoryReport> consumer;
  private final ThreadLocal<MemoryProfiler> current = new ThreadLocal<>();

  private InvocationProfiles(MetricRecorder recorder, Consumer<MemoryReport> consumer) {
    this.recorder = recorder;
    this.consumer = consumer;
  }

  /**
   * Profiles each invocation and records its report into {@code recorder}.
   *
   * @param recorder where the report's values go
   * @return the hook, to register with {@code Lifecycle.register}
   */
  public static InvocationProfiles recordingTo(MetricRecorder recorder) {
    return new InvocationProfiles(requireNonNull(recorder, "recorder must not be null"),
        report -> { });
  }

  /**
   * Also hands every report to {@code consumer}, such as {@link MemorySizeAdvisor#observe}.
   *
   * @param consumer called on the invocation's thread; must not throw
   * @return a hook that records and hands over
   */
  public InvocationProfiles andThen(Consumer<MemoryReport> consumer) {
    requireNonNull(consumer, "consumer must not be null");
    return new InvocationProfiles(recorder, this.consumer.andThen(consumer));
  }

  @Override
  public void invocationStarted(Invocation invocation) {
    current.set(MemoryProfiler.start("invocation"));
  }

  @Override
  public void invocationEnded(Invocation invocation) {
    MemoryProfiler profiler = current.get();
    current.remove();
    if (profiler == null) {
      return;
    }
    MemoryReport report = profiler.stop();
    report.recordTo(recorder);
    consumer.accept(report);
    LOG.debug("{}", report);
  }
}
