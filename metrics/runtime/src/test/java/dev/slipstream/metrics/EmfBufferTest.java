package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmfBufferTest {

  @Test
  void putLong_writesWhatLongToStringWrites() {
    List<Long> values = new ArrayList<>(List.of(0L, 9L, 10L, 99L, 100L, 101L, 999L, 1000L,
        (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 999_999_999_999_999_999L,
        1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
    for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
      values.add(p - 1);
      values.add(p);
      values.add(p + 1);
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      values.add(random.nextLong() >> random.nextInt(64));
    }
    EmfBuffer buffer = new EmfBuffer();
    for (long value : values) {
      for (long signed : new long[] {value, -value}) {
        buffer.reset();
        buffer.put((byte) '[').putLong(signed).put((byte) ']');
        assertThat(buffer.asString()).as("%s", signed).isEqualTo("[" + signed + "]");
      }
    }
  }

  @Test
  void putNumber_wholeNumbersWithoutFraction_othersAsDoubleToString() {
    EmfBuffer buffer = new EmfBuffer();
    buffer.putNumber(12.0).put((byte) ',').putNumber(-3).put((byte) ',').putNumber(0.25)
        .put((byte) ',').putNumber(1e20);
    assertThat(buffer.asString()).isEqualTo("12,-3,0.25,1.0E20");
  }
}
