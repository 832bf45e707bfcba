package consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Backoff;
import dev.slipstream.core.Deadline;
import dev.slipstream.core.Environment;
import dev.slipstream.core.Invocation;
import dev.slipstream.core.Lazy;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.Priming;
import dev.slipstream.testing.RuntimeClassPath;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** slipstream-core alone: its general parts work with nothing but SLF4J beside it. */
class CoreConsumerTest {

  @Test
  void runtimeClassPath_coreAndSlf4jOnly() {
    assertThat(RuntimeClassPath.read().artifactIds())
        .containsExactlyInAnyOrder("slipstream-core", "slf4j-api");
  }

  @Test
  void mainPath_environmentLazyBackoffDeadlineLifecycle() {
    Environment env = Environment.of(Map.of("TIMEOUT", "250ms"));
    assertThat(env.duration("TIMEOUT", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    AtomicInteger built = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> "client-" + built.incrementAndGet());
    assertThat(lazy.get()).isEqualTo(lazy.get()).isEqualTo("client-1");
    Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1));
    assertThat(backoff.delay(3, null)).isBetween(Duration.ZERO, Duration.ofMillis(80));
    assertThat(Deadline.after(Duration.ofSeconds(1)).expired()).isFalse();

    Priming.register("consumer", () -> { });
    Lifecycle.initComplete();
    String answer = Lifecycle.invoke(Invocation.of("req-1", Deadline.none()),
        invocation -> "answered " + invocation.requestId());
    assertThat(answer).isEqualTo("answered req-1");
  }
}
