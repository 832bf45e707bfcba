package dev.slipstream.dynamo;

/**
 * Additive-increase, multiplicative-decrease concurrency for one table, kept across calls (a table
 * that throttled a moment ago is still hot for the next call). A throttled request halves the
 * in-flight limit; a response with some entries unprocessed lowers it in proportion (a quarter
 * unprocessed: by an eighth), so that a hot partition that turns away a few writes does not
 * collapse the whole call to one request at a time. At most one decrease per generation of
 * requests: a burst of congestion is answered once. Each clean response adds {@code 1/limit}, so a
 * full window of clean responses adds one. Thread-safe: concurrent calls share it.
 * Package-private.
 */
final class AdaptiveLimit {

  private final int max;
  private double limit;
  private long sent;
  private long decreasedAtSend = -1;
  private int lowest;

  AdaptiveLimit(int max) {
    this.max = max;
    this.limit = max;
    this.lowest = max;
  }

  /** Requests that may be in flight now. */
  synchronized int current() {
    return Math.max(1, (int) limit);
  }

  /** The lowest limit since {@link #resetLowest()}. */
  synchronized int lowest() {
    return lowest;
  }

  synchronized void resetLowest() {
    lowest = current();
  }

  /** Records a send and returns its sequence number, for {@link #onCongestion(long)}. */
  synchronized long onSend() {
    return sent++;
  }

  /** A clean response. */
  synchronized void onSuccess() {
    limit = Math.min(max, limit + 1.0 / Math.max(1, (int) limit));
  }

  /** A throttled request: halves the limit. */
  boolean onCongestion(long sequence) {
    return onCongestion(sequence, 1.0);
  }

  /**
   * A throttled request (severity 1), or a response with that share of its entries unprocessed.
   *
   * @param sequence the {@link #onSend()} number of the request that saw it
   * @param severity from 0 (exclusive) to 1
   * @return whether the limit was lowered
   */
  synchronized boolean onCongestion(long sequence, double severity) {
    if (sequence <= decreasedAtSend) {
      return false; // sent before the last decrease: the same congestion, already answered
    }
    decreasedAtSend = sent - 1;
    limit = Math.max(1, limit * (1 - Math.min(1, severity) / 2));
    lowest = Math.min(lowest, current());
    return true;
  }
}
