package dev.slipstream.metrics.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipstream.metrics.MetricBatch;
import dev.slipstream.metrics.MetricDatum;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Unit;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decorators the processor wrote in this Maven build, exercised. */
class MeasuredDecoratorsTest {

  private final List<MetricBatch> batches = new ArrayList<>();
  private final Metrics metrics = Metrics.builder("Consumer").coldStartMetric(false)
      .sink(batches::add).build();

  private static final class Greeter implements GreetingService<String> {
    @Override
    public String greet(String name) {
      return "hello " + name;
    }

    @Override
    public String greet(String name, int times) {
      return ("hi " + name + " ").repeat(times).trim();
    }

    @SafeVarargs
    @Override
    public final <T extends Comparable<T>> T max(T first, T... rest) {
      T best = first;
      for (T t : rest) {
        best = t.compareTo(best) > 0 ? t : best;
      }
      return best;
    }

    @Override
    public long count(String key) {
      return key.length();
    }

    @Override
    public void fail(String reason) throws IOException {
      throw new IOException(reason);
    }

    @Override
    public List<String> keys() {
      return List.of("a", "b");
    }

    @Override
    public int twice(int x) {
      return 20 * x; // the delegate's override must win
    }
  }

  private List<MetricDatum> flushed() {
    metrics.flush();
    return batches.get(batches.size() - 1).data();
  }

  private static double sum(List<MetricDatum> data, String name, String operation) {
    return data.stream()
        .filter(d -> d.name().equals(name) && operation.equals(d.dimensions().get("Operation")))
        .mapToDouble(MetricDatum::sum).sum();
  }

  @Test
  void interfaceDecorator_delegatesAndMeasures() {
    GreetingService<String> service = new MeasuredGreetingService<>(new Greeter(), metrics);
    assertThat(Modifier.isFinal(MeasuredGreetingService.class.getModifiers())).isTrue();

    assertThat(service.greet("Ada", 2)).isEqualTo("hi Ada hi Ada");
    assertThat(service.max(3, 9, 4)).isEqualTo(9);
    assertThat(service.count("four")).isEqualTo(4L);
    assertThat(service.keys()).containsExactly("a", "b");
    assertThat(service.twice(2)).isEqualTo(40);

    List<MetricDatum> data = flushed();
    assertThat(sum(data, "Count", "greet")).isEqualTo(1);
    assertThat(sum(data, "Count", "max")).isEqualTo(1);
    assertThat(sum(data, "Errors", "max")).isZero();
    assertThat(sum(data, "Count", "twice")).isEqualTo(1);
    assertThat(data).noneMatch(d -> "keys".equals(d.dimensions().get("Operation")));
    MetricDatum latency = data.stream().filter(d -> d.name().equals("Latency")
        && "count".equals(d.dimensions().get("Operation"))).findFirst().orElseThrow();
    assertThat(latency.unit()).isEqualTo(Unit.MILLISECONDS);
    assertThat(latency.min()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void overloads_measuredSeparately_withTheirOwnDimensions() throws IOException {
    GreetingService<String> service = new MeasuredGreetingService<>(new Greeter(), metrics);
    service.greet("x");
    service.greet("x", 1);
    List<MetricDatum> data = flushed();
    List<Map<String, String>> greetDimensions = data.stream()
        .filter(d -> d.name().equals("Count") && "greet".equals(d.dimensions().get("Operation")))
        .map(MetricDatum::dimensions).toList();
    assertThat(greetDimensions).containsExactlyInAnyOrder(
        Map.of("Operation", "greet", "Tier", "gold"),
        Map.of("Operation", "greet"));
  }

  @Test
  void exceptions_rethrownUnchanged_andCounted() {
    GreetingService<String> service = new MeasuredGreetingService<>(new Greeter(), metrics);
    assertThatThrownBy(() -> service.fail("disk full"))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("disk full");
    List<MetricDatum> data = flushed();
    assertThat(sum(data, "Errors", "fail")).isEqualTo(1);
    assertThat(sum(data, "Count", "fail")).isEqualTo(1);
  }

  @Test
  void classDecorator_mirrorsConstructors_measuresPublicMethodsOnly() {
    Inventory inventory = new MeasuredInventory(metrics, 10);
    Inventory fromItems = new MeasuredInventory(metrics, "a", "b", "c");
    assertThat(inventory.reserve(3)).isEqualTo(7);
    assertThat(fromItems.reserve(1)).isEqualTo(2);
    assertThat(inventory.peek()).isEqualTo(10);
    assertThat(inventory.log.toString()).isEqualTo("reserve 0;reserve 3;");

    List<MetricDatum> data = flushed();
    // The calls from the superclass constructors ran before the metrics existed: not counted.
    assertThat(sum(data, "Count", "reserve")).isEqualTo(2);
    assertThat(data).filteredOn(d -> d.name().equals("Count"))
        .allMatch(d -> "main".equals(d.dimensions().get("Store")));
    assertThat(data).noneMatch(d -> "peek".equals(d.dimensions().get("Operation")));
  }

  @Test
  void nullArguments_rejectedClearly() {
    assertThatThrownBy(() -> new MeasuredGreetingService<>(null, metrics))
        .hasMessage("delegate must not be null");
    assertThatThrownBy(() -> new MeasuredGreetingService<>(new Greeter(), null))
        .hasMessage("metrics must not be null");
  }
}
