package dev.slipstream.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human duration forms configuration uses; package-private. */
final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601.
   *
   * @throws IllegalArgumentException saying what was wrong
   */
  static Duration parse(String text) {
    String value = text.trim();
    Matcher matcher = SIMPLE.matcher(value.toLowerCase(java.util.Locale.ROOT));
    if (matcher.matches()) {
      long amount;
      try {
        amount = Long.parseLong(matcher.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the number is too large", e);
      }
      try {
        switch (matcher.group(2)) {
          case "ms": return Duration.ofMillis(amount);
          case "s": return Duration.ofSeconds(amount);
          case "m": return Duration.ofMinutes(amount);
          case "h": return Duration.ofHours(amount);
          default: return Duration.ofDays(amount);
        }
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("the number is too large", e);
      }
    }
    if (value.length() > 1 && (value.charAt(0) == 'P' || value.charAt(0) == 'p')) {
      Duration parsed;
      try {
        parsed = Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a valid ISO-8601 duration", e);
      }
      if (parsed.isNegative()) {
        throw new IllegalArgumentException("a duration must not be negative");
      }
      return parsed;
    }
    throw new IllegalArgumentException("expected a whole number followed by ms, s, m, h or d,"
        + " or an ISO-8601 duration");
  }
}
