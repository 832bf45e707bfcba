package test;

import dev.slipstream.metrics.Measured;

@Measured
public final class FinalClass {
  public void run() {}
}
