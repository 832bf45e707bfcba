package dev.slipstream.dynamo;

/**
 * Additive-increase, multiplicative-decrease concurrency for one batch call: a chunk that comes back
 * throttled or with unprocessed items halves the in-flight limit (at most once per generation of
 * requests, so one burst of congestion is one decrease), and each clean chunk adds
 * {@code 1/limit}, so a full window of clean chunks adds one. Not thread-safe: only the coordinating
 * thread uses it. Package-private.
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

  /** Chunks that may be in flight now. */
  int current() {
    return Math.max(1, (int) limit);
  }

  int lowest() {
    return lowest;
  }

  /** Records a send and returns its sequence number, for {@link #onCongestion(long)}. */
  long onSend() {
    return sent++;
  }

  /** A clean response. */
  void onSuccess() {
    limit = Math.min(max, limit + 1.0 / current());
  }

  /**
   * A throttled response, or one with unprocessed items.
   *
   * @param sequence the {@link #onSend()} number of the request that saw it
   * @return whether the limit was lowered
   */
  boolean onCongestion(long sequence) {
    if (sequence <= decreasedAtSend) {
      return false; // sent before the last decrease: the same congestion, already answered
    }
    decreasedAtSend = sent - 1;
    limit = Math.max(1, limit / 2);
    lowest = Math.min(lowest, current());
    return true;
  }
}
