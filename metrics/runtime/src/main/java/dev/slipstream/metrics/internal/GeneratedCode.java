package dev.slipstream.metrics.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What generated {@code Measured*} decorators call; not API (see the package). */
public final class GeneratedCode {

  private GeneratedCode() {}

  /**
   * An ordered, unmodifiable dimension map from alternating names and values.
   *
   * @param namesAndValues name, value, name, value…
   * @return the dimension map, in argument order
   * @throws IllegalArgumentException for an odd number of arguments
   */
  public static Map<String, String> dimensions(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("dimensions take names and values in pairs, but got "
          + namesAndValues.length + " strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
