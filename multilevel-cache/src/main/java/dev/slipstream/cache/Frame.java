package dev.slipstream.cache;

import java.util.Arrays;

/**
 * The bytes stored in Redis: a two-byte header, then the codec's payload.
 * <pre>
 *   byte 0: format version ({@value #VERSION})
 *   byte 1: flags; bit 0 set: the key is known to be absent (a tombstone, no payload)
 * </pre>
 * A version byte lets a later release change the layout without misreading old entries: an unknown
 * version decodes as a miss. Package-private.
 */
final class Frame {

  static final byte VERSION = 1;
  private static final byte ABSENT = 1;
  private static final byte[] TOMBSTONE = {VERSION, ABSENT};

  private Frame() {}

  static byte[] value(byte[] payload) {
    byte[] framed = new byte[payload.length + 2];
    framed[0] = VERSION;
    framed[1] = 0;
    System.arraycopy(payload, 0, framed, 2, payload.length);
    return framed;
  }

  static byte[] absent() {
    return TOMBSTONE.clone();
  }

  /** Whether {@code framed} is a well-formed frame of this version. */
  static boolean valid(byte[] framed) {
    return framed != null && framed.length >= 2 && framed[0] == VERSION
        && (framed[1] & ~ABSENT) == 0 && ((framed[1] & ABSENT) == 0 || framed.length == 2);
  }

  static boolean isAbsent(byte[] framed) {
    return (framed[1] & ABSENT) != 0;
  }

  static byte[] payload(byte[] framed) {
    return Arrays.copyOfRange(framed, 2, framed.length);
  }
}
