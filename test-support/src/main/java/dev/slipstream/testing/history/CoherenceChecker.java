package dev.slipstream.testing.history;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Checks a {@link History} of reads and writes against a cache's coherence promise, in the spirit
 * of Jepsen's checkers: versions come from a source of truth, every operation has a start and an
 * end, and a violation is printed with the part of the history that shows it.
 *
 * <p>The model. A write counts as <em>done</em> when it ended confirmed, or, if the cache did not
 * confirm it, when its process later reported every unconfirmed write replayed. A read that began
 * after a write of its key was done must return that write's version or a newer one, unless the
 * reader had not been told of it yet; it had been told when:
 * <ol>
 *   <li>the write was its own (read-your-writes: done or not);</li>
 *   <li>it {@linkplain Event.Synced synced} after the write was done, having stayed subscribed
 *       since before the write began;</li>
 *   <li>more than the staleness bound has passed on the cache's clock since the write was done.</li>
 * </ol>
 * Every read must also return a version that was written (or 0, the initial one) and whose write
 * began before the read ended.
 */
public final class CoherenceChecker {

  private final long boundNanos;

  private CoherenceChecker(long boundNanos) {
    this.boundNanos = boundNanos;
  }

  /**
   * A checker for a cache that promises to serve a value older than a done write for at most
   * {@code bound} on its clock, to a reader not yet told of the write.
   */
  public static CoherenceChecker withStalenessBound(Duration bound) {
    requireNonNull(bound, "bound must not be null");
    if (bound.isNegative()) {
      throw new IllegalArgumentException("bound must not be negative, but was " + bound);
    }
    return new CoherenceChecker(bound.toNanos());
  }

  /** A read that broke the model, the write it missed, and which rule says it should not have. */
  public record Violation(Event.Read read, Event.Write missed, String rule) {
    @Override
    public String toString() {
      return read.process() + " read " + read.key() + " v" + read.version() + " at #"
          + read.startSeq() + " but " + rule + " (write v" + (missed == null ? "?" : missed.version())
          + ")";
    }
  }

  /** Every violation in {@code events}, in the order of the reads. */
  public List<Violation> check(List<Event> events) {
    Map<String, List<Event.Write>> writes = new HashMap<>();
    Map<String, List<Event.Synced>> syncs = new HashMap<>();
    Map<String, List<Event.Replayed>> replays = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Event.Write w) {
        writes.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
      } else if (e instanceof Event.Synced s) {
        syncs.computeIfAbsent(s.process(), k -> new ArrayList<>()).add(s);
      } else if (e instanceof Event.Replayed r) {
        replays.computeIfAbsent(r.process(), k -> new ArrayList<>()).add(r);
      }
    }
    replays.values().forEach(l -> l.sort(Comparator.comparingLong(Event::seq)));
    List<Violation> violations = new ArrayList<>();
    for (Event e : events) {
      if (e instanceof Event.Read read) {
        Violation v = checkRead(read, writes.getOrDefault(read.key(), List.of()),
            syncs.getOrDefault(read.process(), List.of()), replays);
        if (v != null) {
          violations.add(v);
        }
      }
    }
    return violations;
  }

  /**
   * Throws an {@link AssertionError} naming the first violations, each with the history of its
   * key around it (and every note), if {@code history} breaks the model.
   */
  public void assertCoherent(History history) {
    List<Event> events = history.events();
    List<Violation> violations = check(events);
    if (violations.isEmpty()) {
      return;
    }
    StringBuilder report = new StringBuilder().append(violations.size())
        .append(" read(s) broke the coherence model (staleness bound ")
        .append(TimeUnit.NANOSECONDS.toMillis(boundNanos)).append(" ms):\n");
    Map<String, List<Violation>> byRule = violations.stream().collect(Collectors.groupingBy(
        v -> v.rule().replaceAll("[#0-9]+", "N"), java.util.TreeMap::new, Collectors.toList()));
    byRule.forEach((rule, list) -> report.append("  ").append(list.size()).append(" x ")
        .append(rule).append("\n"));
    for (List<Violation> list : byRule.values()) { // the first of each kind, with its history
      Violation v = list.get(0);
      report.append("\n").append(v).append("\n").append(excerpt(events, v));
    }
    throw new AssertionError(report.toString());
  }

  private Violation checkRead(Event.Read read, List<Event.Write> writes,
      List<Event.Synced> syncs, Map<String, List<Event.Replayed>> replays) {
    if (read.version() != 0) {
      Event.Write source = writes.stream().filter(w -> w.version() == read.version()).findFirst()
          .orElse(null);
      if (source == null) {
        return new Violation(read, null, "no write ever made that version");
      }
      if (source.startSeq() > read.endSeq()) {
        return new Violation(read, source, "that version was written after the read ended");
      }
    }
    Violation worst = null;
    for (Event.Write w : writes) {
      if (w.version() <= read.version()) {
        continue;
      }
      String rule = missedRule(read, w, syncs, replays.getOrDefault(w.process(), List.of()));
      if (rule != null && (worst == null || w.version() > worst.missed().version())) {
        worst = new Violation(read, w, rule);
      }
    }
    return worst;
  }

  /** Why {@code read} should have seen {@code w}, or null if it was allowed not to. */
  private String missedRule(Event.Read read, Event.Write w, List<Event.Synced> syncs,
      List<Event.Replayed> writerReplays) {
    if (w.process().equals(read.process()) && w.endSeq() < read.startSeq()) {
      return "its own earlier write (" + w.how() + ") was newer";
    }
    long doneSeq;
    long doneTime;
    long publishedAfter; // the write's broadcast went out after this point
    if (w.confirmed()) {
      doneSeq = w.endSeq();
      doneTime = w.endTime();
      publishedAfter = w.startSeq();
    } else {
      Event.Replayed replay = writerReplays.stream().filter(r -> r.seq() > w.endSeq()).findFirst()
          .orElse(null);
      if (replay == null) {
        return null; // never done: nobody but the writer owes it
      }
      doneSeq = replay.seq();
      doneTime = replay.time();
      publishedAfter = w.endSeq();
    }
    if (doneSeq >= read.startSeq()) {
      return null; // not done before the read began
    }
    for (Event.Synced s : syncs) {
      if (s.fromSeq() < publishedAfter && s.seq() > doneSeq && s.seq() < read.startSeq()) {
        return "the reader had synced at #" + s.seq() + " after that write was done at #" + doneSeq;
      }
    }
    long age = read.startTime() - doneTime;
    if (age > boundNanos) {
      return "that write was done " + TimeUnit.NANOSECONDS.toMillis(age)
          + " ms before the read began, over the bound";
    }
    return null;
  }

  private static String excerpt(List<Event> events, Violation v) {
    long from = v.missed() == null ? v.read().startSeq()
        : Math.min(v.missed().startSeq(), v.read().startSeq());
    long to = v.read().endSeq();
    String key = v.read().key();
    String reader = v.read().process();
    String writer = v.missed() == null ? null : v.missed().process();
    StringBuilder out = new StringBuilder();
    for (Event e : events) {
      boolean shown;
      if (e instanceof Event.Write w) {
        shown = w.key().equals(key) && w.endSeq() >= from - 1 && w.startSeq() <= to;
      } else if (e instanceof Event.Read r) {
        shown = r.key().equals(key) && r.endSeq() >= from && r.startSeq() <= to;
      } else if (e instanceof Event.Synced s) {
        shown = s.process().equals(reader) && s.seq() >= from && s.seq() <= to;
      } else if (e instanceof Event.Replayed r) {
        shown = r.process().equals(writer) && r.seq() >= from && r.seq() <= to;
      } else {
        shown = e.seq() >= from && e.seq() <= to;
      }
      if (shown || e == v.missed()) {
        out.append("    ").append(format(e)).append(e == v.read() ? "   <-- this read" : "")
            .append(e == v.missed() ? "   <-- missed write" : "").append("\n");
      }
    }
    return out.toString();
  }

  private static String format(Event e) {
    if (e instanceof Event.Write w) {
      return String.format("#%d-#%d t=%d-%dms %s %s %s v%d%s", w.startSeq(), w.endSeq(),
          ms(w.startTime()), ms(w.endTime()), w.process(), w.how(), w.key(), w.version(),
          w.confirmed() ? "" : " (unconfirmed)");
    }
    if (e instanceof Event.Read r) {
      return String.format("#%d-#%d t=%d-%dms %s get %s -> v%d", r.startSeq(), r.endSeq(),
          ms(r.startTime()), ms(r.endTime()), r.process(), r.key(), r.version());
    }
    if (e instanceof Event.Synced s) {
      return String.format("#%d t=%dms %s synced (subscribed since #%d)", s.seq(), ms(s.time()),
          s.process(), s.fromSeq());
    }
    if (e instanceof Event.Replayed r) {
      return String.format("#%d t=%dms %s replayed its unconfirmed writes", r.seq(), ms(r.time()),
          r.process());
    }
    Event.Note n = (Event.Note) e;
    return String.format("#%d t=%dms -- %s", n.seq(), ms(n.time()), n.text());
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
