package dev.slipstream.testing.history;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A thread-safe record of every operation a concurrent test ran against a cache, with when each
 * began and ended, for {@link CoherenceChecker}.
 *
 * <pre>{@code
 * History history = new History(ticker::read);
 * History.Op op = history.begin("instance-a", key);
 * long version = source.write(key);
 * WriteStatus status = cache.put(key, Versioned.value(key, version));
 * op.wrote(version, "put", status.confirmed());
 * }</pre>
 */
public final class History {

  private final AtomicLong seq = new AtomicLong();
  private final LongSupplier clock;
  private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

  /**
   * An empty history.
   *
   * @param clock the time the cache under test sees (its ticker), in nanoseconds
   */
  public History(LongSupplier clock) {
    this.clock = requireNonNull(clock, "clock must not be null");
  }

  /** The next sequence number: a point in the history between what came before and after. */
  public long tick() {
    return seq.incrementAndGet();
  }

  /** The clock's reading now. */
  public long now() {
    return clock.getAsLong();
  }

  /** Starts an operation of {@code process} on {@code key}; end it with one of {@link Op}'s methods. */
  public Op begin(String process, String key) {
    return new Op(requireNonNull(process, "process"), requireNonNull(key, "key"), tick(), now());
  }

  /** Records that {@code process} had handled every broadcast published in ({@code fromSeq}, now). */
  public long synced(String process, long fromSeq) {
    long at = tick();
    events.add(new Event.Synced(process, fromSeq, at, now()));
    return at;
  }

  /** Records that {@code process} had no unconfirmed write left. */
  public void replayed(String process) {
    events.add(new Event.Replayed(process, tick(), now()));
  }

  /** Records a fault or phase, printed with any violation near it. */
  public void note(String text) {
    events.add(new Event.Note(tick(), now(), text));
  }

  /** Every event so far, in sequence order. */
  public List<Event> events() {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Event::seq));
    return sorted;
  }

  /** One operation in progress. */
  public final class Op {
    private final String process;
    private final String key;
    private final long startSeq;
    private final long startTime;

    private Op(String process, String key, long startSeq, long startTime) {
      this.process = process;
      this.key = key;
      this.startSeq = startSeq;
      this.startTime = startTime;
    }

    /** The operation read {@code version} (0: the initial value). */
    public void read(long version) {
      events.add(new Event.Read(process, key, version, startSeq, tick(), startTime, now()));
    }

    /** The operation wrote {@code version} to the source and then told the cache ({@code how}). */
    public void wrote(long version, String how, boolean confirmed) {
      events.add(new Event.Write(process, key, version, how, startSeq, tick(), startTime, now(),
          confirmed));
    }
  }
}
