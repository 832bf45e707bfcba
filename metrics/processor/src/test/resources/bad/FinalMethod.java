package test;

import dev.slipstream.metrics.Measured;

public class FinalMethod {
  @Measured
  public final void run() {}
}
