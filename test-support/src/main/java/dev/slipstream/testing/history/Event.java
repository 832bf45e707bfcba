package dev.slipstream.testing.history;

/**
 * One entry of a {@link History}. Sequence numbers come from one counter shared by every thread:
 * an operation whose {@code endSeq} is below another's {@code startSeq} finished before the other
 * began. Times come from the test's own clock (a fake ticker), and are only compared with the
 * staleness bound.
 */
public sealed interface Event {

  /** Where the event sits in the history. */
  long seq();

  /**
   * A writer changed the source of truth to {@code version}, then told the cache ({@code put} or
   * {@code invalidate}).
   *
   * @param confirmed whether the cache reported that the shared tier applied it; an unconfirmed
   *     write counts as done for others once a {@link Replayed} of its process follows it
   */
  record Write(String process, String key, long version, String how, long startSeq, long endSeq,
      long startTime, long endTime, boolean confirmed) implements Event {
    @Override
    public long seq() {
      return startSeq;
    }
  }

  /** A reader got {@code version} of {@code key} from the cache. */
  record Read(String process, String key, long version, long startSeq, long endSeq,
      long startTime, long endTime) implements Event {
    @Override
    public long seq() {
      return startSeq;
    }
  }

  /**
   * {@code process} had handled every broadcast published between {@code fromSeq} and {@code seq}:
   * it stayed subscribed across that span and received a marker published at {@code seq}.
   */
  record Synced(String process, long fromSeq, long seq, long time) implements Event {}

  /** Every write of {@code process} that was not confirmed had been replayed by {@code seq}. */
  record Replayed(String process, long seq, long time) implements Event {}

  /** A fault or phase of the run, for the printed history. */
  record Note(long seq, long time, String text) implements Event {}
}
