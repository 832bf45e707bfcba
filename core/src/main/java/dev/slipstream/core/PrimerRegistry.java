package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The primers of one scope; {@link Priming} holds the process-wide one. Package-private. */
final class PrimerRegistry {

  /** SLF4J is loaded when something is first logged, not with this class: a cold start saves ~40 ms. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Priming.class);
  }

  private final Map<String, Runnable> primers = new LinkedHashMap<>();
  private final Ticker ticker;

  PrimerRegistry(Ticker ticker) {
    this.ticker = ticker;
  }

  synchronized void register(String name, Runnable primer) {
    requireNonNull(name, "name must not be null");
    requireNonNull(primer, "primer must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("primer name must not be blank");
    }
    if (primers.containsKey(name)) {
      throw new IllegalArgumentException("a primer named '" + name + "' is already registered;"
          + " registered: " + primers.keySet());
    }
    primers.put(name, primer);
  }

  synchronized List<String> names() {
    return List.copyOf(primers.keySet());
  }

  /** Runs every primer in registration order; a failure is logged and reported, never thrown. */
  List<PrimerResult> runAll() {
    Map<String, Runnable> snapshot;
    synchronized (this) {
      snapshot = new LinkedHashMap<>(primers);
    }
    List<PrimerResult> results = new ArrayList<>(snapshot.size());
    for (Map.Entry<String, Runnable> entry : snapshot.entrySet()) {
      long start = ticker.read();
      Throwable failure = null;
      try {
        entry.getValue().run();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw (VirtualMachineError) e; // out of memory is not a primer's failure to report
        }
        failure = e;
      }
      Duration elapsed = Duration.ofNanos(ticker.read() - start);
      if (failure == null) {
        Log.LOG.info("Primer '{}' completed in {} ms", entry.getKey(), elapsed.toMillis());
      } else {
        Log.LOG.warn("Primer '{}' failed after {} ms; continuing without it", entry.getKey(),
            elapsed.toMillis(), failure);
      }
      results.add(new PrimerResult(entry.getKey(), elapsed, failure));
    }
    return List.copyOf(results);
  }
}
