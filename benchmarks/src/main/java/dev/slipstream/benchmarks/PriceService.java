package dev.slipstream.benchmarks;

import dev.slipstream.metrics.Measured;

/** A small service to measure; its decorator is written at compile time. */
public interface PriceService {

  /** A cheap computation, so that the decorator's own cost shows. */
  @Measured
  long quote(long amount);
}
