package dev.slipstream.benchmarks;

import dev.slipstream.metrics.EmfSink;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Unit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One whole process, timed from outside by {@code benchmarks/metrics-cold.sh}: start the JVM,
 * record three metrics, write them as EMF to stdout, exit. Modes: {@code hello} (prints a line:
 * the JVM's floor), {@code longadder} (three adders, the numbers printed), {@code slipstream},
 * {@code embedded} (aws-embedded-metrics, environment Lambda), {@code powertools}.
 */
public final class MetricsColdProbe {

  private MetricsColdProbe() {}

  /**
   * Entry point.
   *
   * @param args the mode
   */
  @SuppressWarnings("SystemOut")
  public static void main(String[] args) {
    String mode = args.length == 0 ? "hello" : args[0];
    switch (mode) {
      case "hello":
        System.out.println("hello");
        break;
      case "longadder": {
        LongAdder a = new LongAdder();
        LongAdder b = new LongAdder();
        LongAdder c = new LongAdder();
        a.add(1);
        b.add(12);
        c.add(3);
        System.out.println("{\"Orders\":" + a.sum() + ",\"Latency\":" + b.sum() + ",\"Items\":"
            + c.sum() + "}");
        break;
      }
      case "slipstream": {
        Metrics metrics = Metrics.builder("Probe").defaultDimension("Service", "probe")
            .sink(EmfSink.stdout()).build();
        metrics.count("Orders");
        metrics.record("Latency", 12.5, Unit.MILLISECONDS);
        metrics.record("Items", 3, Unit.COUNT);
        metrics.flush();
        break;
      }
      case "embedded": {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        MetricsLogger logger = new MetricsLogger();
        logger.setNamespace("Probe");
        logger.putMetric("Orders", 1, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
        logger.putMetric("Latency", 12.5,
            software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS);
        logger.putMetric("Items", 3, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
        logger.flush();
        break;
      }
      case "powertools": {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        software.amazon.lambda.powertools.metrics.Metrics metrics = MetricsBuilder.builder()
            .withNamespace("Probe").withService("probe").build();
        metrics.addMetric("Orders", 1, MetricUnit.COUNT);
        metrics.addMetric("Latency", 12.5, MetricUnit.MILLISECONDS);
        metrics.addMetric("Items", 3, MetricUnit.COUNT);
        metrics.flush();
        break;
      }
      default:
        throw new IllegalArgumentException("unknown mode '" + mode + "'; valid: hello, longadder,"
            + " slipstream, embedded, powertools");
    }
  }
}
