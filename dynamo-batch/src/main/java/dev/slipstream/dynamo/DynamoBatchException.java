package dev.slipstream.dynamo;

/**
 * A batch call stopped on an error retrying cannot fix (a {@code ValidationException}, a missing
 * table, a non-AWS failure). The message names the operation and the table; {@link #partialResult()}
 * says what was done before it: for writes, every write not in its {@code unprocessed()} list was
 * written.
 */
public final class DynamoBatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The table whose request failed. */
  private final String table;
  private final transient BatchResult partialResult;

  DynamoBatchException(String message, String table, BatchResult partialResult, Throwable cause) {
    super(message, cause);
    this.table = table;
    this.partialResult = partialResult;
  }

  /**
   * The table whose request failed.
   *
   * @return the table's name
   */
  public String table() {
    return table;
  }

  /**
   * What was done before the failure, and what was not.
   *
   * @return the partial result: {@link BatchGetResult} or {@link BatchWriteResult}
   */
  public BatchResult partialResult() {
    return partialResult;
  }
}
