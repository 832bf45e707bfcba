package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import sun.misc.Unsafe;

/**
 * A stripe's fields are written by one thread while others read the objects around it: they must
 * share no cache line with a neighbour ({@link Stripe}). Checked on the layout this JVM chose, by
 * field offsets: the JVM fills the four bytes after the object header with a subclass's first
 * {@code int} unless the padding class takes them, which is how padding had missed the lock.
 */
class StripeLayoutTest {

  /** Two cache lines, the width the JDK pads contended fields with. */
  private static final long PADDING = 128;
  /** The largest object header: a mark word and an uncompressed class pointer. */
  private static final long MAX_HEADER = 16;

  @Test
  void stripeFields_startAfterTwoCacheLinesOfPadding() throws Exception {
    long first = bounds(StripeState.class)[0];

    assertThat(first).as("offset of a stripe's first field").isGreaterThanOrEqualTo(
        MAX_HEADER + PADDING);
  }

  @Test
  void paddedStripe_endsWithTwoCacheLinesOfPadding() throws Exception {
    long stateEnd = bounds(StripeState.class)[1];
    long[] padding = bounds(Stripe.Padded.class);

    assertThat(padding[0]).as("offset of the padding after the fields").isGreaterThanOrEqualTo(
        stateEnd);
    assertThat(padding[1] - stateEnd).as("bytes after a padded stripe's last field")
        .isGreaterThanOrEqualTo(PADDING);
  }

  /** Where {@code type}'s own instance fields begin and end (the offset after the last byte). */
  private static long[] bounds(Class<?> type) throws Exception {
    Unsafe unsafe = unsafe();
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        long offset = unsafe.objectFieldOffset(field);
        low = Math.min(low, offset);
        high = Math.max(high, offset + size(unsafe, field.getType()));
      }
    }
    return new long[] {low, high};
  }

  private static long size(Unsafe unsafe, Class<?> type) {
    if (type == long.class || type == double.class) {
      return 8;
    }
    if (type == int.class || type == float.class) {
      return 4;
    }
    if (type == short.class || type == char.class) {
      return 2;
    }
    if (type == byte.class || type == boolean.class) {
      return 1;
    }
    return unsafe.arrayIndexScale(Object[].class); // a reference: 4 with compressed oops
  }

  private static Unsafe unsafe() throws Exception {
    Field field = Unsafe.class.getDeclaredField("theUnsafe");
    field.setAccessible(true);
    return (Unsafe) field.get(null);
  }
}
