package dev.slipstream.testing.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoherenceCheckerTest {

  private static final long MS = 1_000_000L;
  private final CoherenceChecker checker = CoherenceChecker.withStalenessBound(Duration.ofSeconds(1));

  private static Event.Write write(String p, long v, long s, long e, long t, boolean confirmed) {
    return new Event.Write(p, "k", v, "put", s, e, t, t, confirmed);
  }

  private static Event.Read read(String p, long v, long s, long e, long t) {
    return new Event.Read(p, "k", v, s, e, t, t);
  }

  @Test
  void check_staleReadWithinBound_fromAnotherProcess_allowed() {
    List<Event> h = List.of(write("a", 1, 1, 2, 0, true), read("b", 0, 3, 4, 999 * MS));
    assertThat(checker.check(h)).isEmpty();
  }

  @Test
  void check_staleReadPastBound_violation() {
    List<Event> h = List.of(write("a", 1, 1, 2, 0, true), read("b", 0, 3, 4, 1001 * MS));
    assertThat(checker.check(h)).singleElement()
        .satisfies(v -> assertThat(v.rule()).contains("over the bound"));
  }

  @Test
  void check_ownWrite_mustBeSeen_evenUnconfirmed() {
    List<Event> h = List.of(write("a", 1, 1, 2, 0, false), read("a", 0, 3, 4, 0));
    assertThat(checker.check(h)).singleElement()
        .satisfies(v -> assertThat(v.rule()).contains("own earlier write"));
  }

  @Test
  void check_afterSync_mustBeSeen_unlessSubscribedOnlyAfterTheWrite() {
    Event.Write w = write("a", 1, 5, 6, 0, true);
    assertThat(checker.check(List.of(w, new Event.Synced("b", 1, 7, 0), read("b", 0, 8, 9, 0))))
        .hasSize(1);
    // b re-subscribed while the write was under way: it may have missed the broadcast
    assertThat(checker.check(List.of(w, new Event.Synced("b", 5, 7, 0), read("b", 0, 8, 9, 0))))
        .isEmpty();
  }

  @Test
  void check_unconfirmedWrite_doneOnlyWhenReplayed() {
    Event.Write w = write("a", 1, 1, 2, 0, false);
    List<Event> notReplayed = List.of(w, read("b", 0, 3, 4, 5_000 * MS));
    assertThat(checker.check(notReplayed)).isEmpty();
    List<Event> replayed = List.of(w, new Event.Replayed("a", 3, 10 * MS),
        read("b", 0, 4, 5, 2_000 * MS));
    assertThat(checker.check(replayed)).singleElement()
        .satisfies(v -> assertThat(v.rule()).contains("over the bound"));
  }

  @Test
  void check_concurrentWrite_anyVersionAllowed() {
    List<Event> h = List.of(write("a", 1, 1, 10, 0, true), read("b", 0, 2, 3, 5_000 * MS),
        read("b", 1, 4, 5, 5_000 * MS));
    assertThat(checker.check(h)).isEmpty();
  }

  @Test
  void check_versionFromTheFutureOrNeverWritten_violation() {
    assertThat(checker.check(List.of(read("b", 3, 1, 2, 0))).get(0).rule())
        .contains("no write ever made");
    assertThat(checker.check(List.of(read("b", 1, 1, 2, 0), write("a", 1, 3, 4, 0, true)))
        .get(0).rule()).contains("after the read ended");
  }

  @Test
  void assertCoherent_printsTheOffendingHistory() {
    long[] now = {0};
    History history = new History(() -> now[0]);
    History.Op w = history.begin("a", "k");
    w.wrote(1, "put", true);
    history.note("Redis paused");
    now[0] = 2_000 * MS;
    history.begin("b", "k").read(0);
    assertThatThrownBy(() -> checker.assertCoherent(history))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 read(s) broke the coherence model")
        .hasMessageContaining("a put k v1")
        .hasMessageContaining("b get k -> v0   <-- this read")
        .hasMessageContaining("-- Redis paused");
  }
}
