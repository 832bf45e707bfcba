package dev.slipstream.dynamo;

/**
 * Thrown by {@link BatchResult#throwIfIncomplete()} when keys or writes were left after every
 * attempt or the deadline, or were in flight when the deadline came; {@link #result()} lists both
 * kinds.
 */
public final class IncompleteBatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient BatchResult result;

  IncompleteBatchException(String operation, String unprocessed, String unconfirmed,
      BatchResult result) {
    super(operation + " left entries unprocessed (" + unprocessed + ") and unconfirmed ("
        + unconfirmed + ") after " + (result.stats().retries() + 1) + " round(s) and "
        + result.stats().requests() + " request(s); see result()");
    this.result = result;
  }

  /**
   * The result, with what was left.
   *
   * @return the result: {@link BatchGetResult} or {@link BatchWriteResult}
   */
  public BatchResult result() {
    return result;
  }
}
