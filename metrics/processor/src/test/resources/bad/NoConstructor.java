package test;

import dev.slipstream.metrics.Measured;

public class NoConstructor {
  private NoConstructor() {}

  @Measured
  public void run() {}
}
