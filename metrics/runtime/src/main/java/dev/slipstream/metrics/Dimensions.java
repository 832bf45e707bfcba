package dev.slipstream.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks dimensions against CloudWatch's and EMF's rules. Package-private. */
final class Dimensions {

  /** EMF and CloudWatch allow at most 30 dimensions per metric. */
  static final int MAX_DIMENSIONS = 30;
  static final int MAX_NAME_LENGTH = 255;
  static final int MAX_VALUE_LENGTH = 1024;

  private Dimensions() {}

  /** {@code defaults} then {@code extra}, checked, unmodifiable. */
  static Map<String, String> merge(String metric, Map<String, String> defaults,
      Map<String, String> extra) {
    if (extra.isEmpty()) {
      return defaults;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    extra.forEach((name, value) -> merged.put(checkName(metric, name), checkValue(metric, name,
        value)));
    checkCount(metric, merged);
    return Collections.unmodifiableMap(merged);
  }

  static void checkCount(String metric, Map<String, String> dimensions) {
    if (dimensions.size() > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("metric '" + metric + "' has " + dimensions.size()
          + " dimensions, but CloudWatch allows at most " + MAX_DIMENSIONS + ": "
          + dimensions.keySet());
    }
  }

  static String checkName(String metric, String name) {
    requireNonNull(name, "dimension name must not be null");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.startsWith(":")) {
      throw new IllegalArgumentException("dimension name '" + name + "' of metric '" + metric
          + "' must be 1 to " + MAX_NAME_LENGTH + " characters and not start with ':'");
    }
    return name;
  }

  static String checkValue(String metric, String name, String value) {
    requireNonNull(value, "value of dimension '" + name + "' must not be null");
    if (value.isBlank() || value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("value of dimension '" + name + "' of metric '" + metric
          + "' must be 1 to " + MAX_VALUE_LENGTH + " characters, but was '" + value + "'");
    }
    return value;
  }

  /** Parses {@code "Key=Value"} pairs, as {@link Measured#dimensions()} spells them. */
  static Map<String, String> parse(String metric, String... pairs) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair == null ? -1 : pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("dimension '" + pair + "' of metric '" + metric
            + "' must be written Key=Value");
      }
      String name = pair.substring(0, eq);
      parsed.put(checkName(metric, name), checkValue(metric, name, pair.substring(eq + 1)));
    }
    return parsed;
  }
}
