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
  static final int MAX_METRIC_NAME_LENGTH = 255;
  /** EMF's metadata key at the root of every document. */
  static final String EMF_ROOT = "_aws";

  private Dimensions() {}

  /** {@code defaults} then {@code extra}, checked, unmodifiable. */
  static Map<String, String> merge(String metric, Map<String, String> defaults,
      Map<String, String> extra) {
    if (extra.isEmpty()) {
      return defaults;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    for (Map.Entry<String, String> entry : extra.entrySet()) {
      String name = entry.getKey();
      merged.put(checkName(metric, name), checkValue(metric, name, entry.getValue()));
    }
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

  /** A metric's name: 1 to 255 characters, not blank, not EMF's {@code _aws}. */
  static String checkMetricName(String name) {
    requireNonNull(name, "metric name must not be null");
    if (name.isBlank() || name.length() > MAX_METRIC_NAME_LENGTH) {
      throw new IllegalArgumentException("metric name must be 1 to " + MAX_METRIC_NAME_LENGTH
          + " characters and not blank, but was '" + shown(name) + "'");
    }
    if (name.equals(EMF_ROOT)) {
      throw new IllegalArgumentException("metric name '_aws' is EMF's own metadata key; choose"
          + " another");
    }
    return name;
  }

  static String checkName(String metric, String name) {
    requireNonNull(name, "dimension name of metric '" + metric + "' must not be null");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.startsWith(":")) {
      throw new IllegalArgumentException("dimension name '" + shown(name) + "' of metric '"
          + metric + "' must be 1 to " + MAX_NAME_LENGTH + " characters and not start with ':'");
    }
    if (name.equals(EMF_ROOT)) {
      throw new IllegalArgumentException("dimension name '_aws' of metric '" + metric
          + "' is EMF's own metadata key; choose another");
    }
    checkAscii(metric, "dimension name", name);
    return name;
  }

  static String checkValue(String metric, String name, String value) {
    requireNonNull(value, "value of dimension '" + name + "' of metric '" + metric
        + "' must not be null");
    if (value.isBlank() || value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("value of dimension '" + name + "' of metric '" + metric
          + "' must be 1 to " + MAX_VALUE_LENGTH + " characters and not blank, but was '"
          + shown(value) + "'");
    }
    checkAscii(metric, "value of dimension '" + name + "'", value);
    return value;
  }

  /** CloudWatch takes printable ASCII only in dimension names and values. */
  private static void checkAscii(String metric, String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(what + " of metric '" + metric + "' must be printable"
            + " ASCII (CloudWatch rejects anything else), but has U+"
            + String.format("%04X", (int) c) + " at index " + i + ": '" + shown(text) + "'");
      }
    }
  }

  /** Text for an error message: at most 64 characters, anything not printable ASCII as '?'. */
  static String shown(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 65));
    for (int i = 0; i < text.length() && i < 64; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e ? c : '?');
    }
    return text.length() > 64 ? out.append('…').toString() : out.toString();
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
