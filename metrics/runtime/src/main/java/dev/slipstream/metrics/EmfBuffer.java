package dev.slipstream.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One EMF document as UTF-8 bytes, written straight into a reused array: the pieces each metric
 * always writes the same way are copied in as bytes made once ({@link EmfParts}), integers are
 * written two digits at a time, and the document goes to stdout without a {@code String} or a
 * charset encoder in between. Strings are escaped as {@link Json#string} escapes them. Package-private.
 */
final class EmfBuffer {

  private static final int KEPT_BYTES = 1 << 20;
  private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE)
      .getBytes(StandardCharsets.US_ASCII);
  /** The tens and ones digit of 0..99, as ASCII. */
  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private byte[] bytes = new byte[8192];
  private int length;

  void reset() {
    length = 0;
  }

  /** Drops a buffer that one huge document grew, so that it is not kept for good. */
  void trim() {
    if (bytes.length > KEPT_BYTES) {
      bytes = new byte[8192];
    }
  }

  int length() {
    return length;
  }

  byte[] array() {
    return bytes;
  }

  String asString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  EmfBuffer put(byte b) {
    ensure(1);
    bytes[length++] = b;
    return this;
  }

  EmfBuffer put(byte[] piece) {
    ensure(piece.length);
    System.arraycopy(piece, 0, bytes, length, piece.length);
    length += piece.length;
    return this;
  }

  EmfBuffer put(byte[] piece, int length) {
    ensure(length);
    System.arraycopy(piece, 0, bytes, this.length, length);
    this.length += length;
    return this;
  }

  /** Text known to be ASCII with nothing to escape, such as a number's digits. */
  EmfBuffer putAscii(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** {@code value} as a JSON string, as {@link Json#string} writes it, in UTF-8. */
  EmfBuffer putString(String value) {
    int n = value.length();
    ensure(n + 2);
    int start = length;
    bytes[length++] = '"';
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
        length = start; // rare: the general path
        return put(Json.quoted(value).getBytes(StandardCharsets.UTF_8));
      }
      bytes[length++] = (byte) c;
    }
    bytes[length++] = '"';
    return this;
  }

  /** A number: integral values below 1e15 without a fraction, others as {@code Double}'s text. */
  EmfBuffer putNumber(double value) {
    long whole = (long) value;
    if (whole == value && whole > -1_000_000_000_000_000L && whole < 1_000_000_000_000_000L) {
      return putLong(whole);
    }
    return putAscii(Double.toString(value));
  }

  /**
   * The decimal digits of {@code value}, as {@code Long.toString} writes them. Two digits per
   * division, from the end, in {@code int} arithmetic once the value fits: most values are small
   * counts and milliseconds, and a {@code long} division per digit was most of a flush's writing.
   */
  EmfBuffer putLong(long value) {
    if (value == Long.MIN_VALUE) {
      return put(MIN_LONG);
    }
    ensure(20);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int end = length + digits(value);
    int at = end;
    byte[] bytes = this.bytes;
    while (value > Integer.MAX_VALUE) {
      int pair = (int) (value % 100);
      value /= 100;
      bytes[--at] = ONES[pair];
      bytes[--at] = TENS[pair];
    }
    int small = (int) value;
    while (small >= 100) {
      int pair = small % 100;
      small /= 100;
      bytes[--at] = ONES[pair];
      bytes[--at] = TENS[pair];
    }
    if (small >= 10) {
      bytes[--at] = ONES[small];
      bytes[--at] = TENS[small];
    } else {
      bytes[--at] = (byte) ('0' + small);
    }
    length = end;
    return this;
  }

  /** How many decimal digits {@code value} (not negative) has; comparisons, no multiplication. */
  private static int digits(long value) {
    if (value < 100) {
      return value < 10 ? 1 : 2;
    }
    if (value < 10_000) {
      return value < 1000 ? 3 : 4;
    }
    long bound = 100_000;
    for (int digits = 5; digits < 19; digits++) {
      if (value < bound) {
        return digits;
      }
      bound *= 10;
    }
    return 19;
  }
}
