package test;

import dev.slipstream.metrics.Measured;

public class StaticAndPrivate {
  @Measured
  public static void helper() {}

  @Measured
  private void hidden() {}
}
