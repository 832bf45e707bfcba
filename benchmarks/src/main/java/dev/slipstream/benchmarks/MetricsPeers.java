package dev.slipstream.benchmarks;

import java.io.OutputStream;
import java.io.PrintStream;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

/**
 * Sets up the metrics peers the way a Lambda function has them, on this machine: EMF goes to
 * standard output, which is swapped for a stream that discards (every library pays the same
 * {@code println}); aws-embedded-metrics (also under Powertools) is told it runs on Lambda, so
 * it never probes EC2 or ECS metadata over the network.
 */
final class MetricsPeers {

  private static PrintStream original;

  private MetricsPeers() {}

  /** Standard output discards, and the EMF environment is Lambda; call before making loggers. */
  static synchronized void quietLambdaEnvironment() {
    EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
    if (original == null) {
      original = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream(), false));
    }
  }

  /** Gives standard output back (JMH prints nothing from a fork's stdout that matters). */
  static synchronized void restoreStdout() {
    if (original != null) {
      System.setOut(original);
      original = null;
    }
  }
}
