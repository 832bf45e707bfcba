package dev.slipstream.examples.users;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a dependency failure: with its stack trace at most once per 10 s per kind of failure (the
 * exception's class), otherwise as one line — an outage fails every request, and a ~50-line trace
 * each would bury the log and bill it. Messages are cut and stripped of control characters: an
 * exception message can carry request text. Package-private.
 */
final class FailureLog {

  static final long STACK_TRACE_EVERY_MILLIS = 10_000;
  private static final int MAX_MESSAGE = 200;

  private final Logger log;
  private final LongSupplier clockMillis;
  /** Bounded: one entry per exception class the code can throw. */
  private final ConcurrentHashMap<Class<?>, Long> lastTrace = new ConcurrentHashMap<>();

  FailureLog(Logger log, LongSupplier clockMillis) {
    this.log = log;
    this.clockMillis = clockMillis;
  }

  /**
   * Logs one failure.
   *
   * @param what what failed, fixed text
   * @param route the route, fixed text ({@link UsersApi#route})
   * @param failure the exception
   */
  void log(String what, String route, Throwable failure) {
    if (takeTrace(failure.getClass())) {
      log.error("{} for {}: {}", what, route, printable(failure.toString()), failure);
    } else {
      log.error("{} for {}: {} (stack trace at most once per 10 s)", what, route,
          printable(failure.toString()));
    }
  }

  /** Whether this failure gets its stack trace now. */
  boolean takeTrace(Class<?> kind) {
    long now = clockMillis.getAsLong();
    boolean[] take = new boolean[1];
    lastTrace.compute(kind, (k, last) -> {
      take[0] = last == null || now - last >= STACK_TRACE_EVERY_MILLIS;
      return take[0] ? now : last;
    });
    return take[0];
  }

  /** At most 200 characters, each control character as '?'. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE + 1));
    for (int i = 0; i < text.length() && i < MAX_MESSAGE; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
    }
    return text.length() > MAX_MESSAGE ? out.append('…').toString() : out.toString();
  }
}
