package test;

import dev.slipstream.metrics.Measured;

public interface BadDimension {
  @Measured(dimensions = {"Table=users", "NoEqualsSign"})
  String get(String id);
}
