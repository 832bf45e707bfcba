package dev.slipstream.cache;

import java.util.Arrays;

/**
 * The bytes stored in Redis: a two-byte header, then what the kind carries.
 * <pre>
 *   byte 0: format version ({@value #VERSION})
 *   byte 1: kind
 *     0 VALUE        the codec's payload follows
 *     1 ABSENT       the loader found nothing (a tombstone, kept for negativeTtl)
 *     2 LEASE        a load is under way; an 8-byte token follows. Only the holder of the token
 *                    may fill the key, and only while the lease is still there: any write replaces
 *                    it, which is how a write fences out loads that began before it
 *     3 INVALIDATED  a write removed the value; kept about as long as an L1 entry lives, so that an
 *                    instance re-checking its L1 after a missed message can tell "changed" from
 *                    "never there"
 * </pre>
 * Version 1 frames of kinds 0 and 1 are byte-for-byte those of earlier releases; a reader that
 * does not know a kind treats the value as a miss. The Lua scripts in {@link Scripts} read byte 1.
 * Package-private.
 */
final class Frame {

  static final byte VERSION = 1;
  static final byte VALUE = 0;
  static final byte ABSENT = 1;
  static final byte LEASE = 2;
  static final byte INVALIDATED = 3;
  static final int LEASE_LENGTH = 10;

  private static final byte[] TOMBSTONE = {VERSION, ABSENT};
  private static final byte[] MARKER = {VERSION, INVALIDATED};

  private Frame() {}

  static byte[] value(byte[] payload) {
    byte[] framed = new byte[payload.length + 2];
    framed[0] = VERSION;
    framed[1] = VALUE;
    System.arraycopy(payload, 0, framed, 2, payload.length);
    return framed;
  }

  static byte[] absent() {
    return TOMBSTONE.clone();
  }

  static byte[] invalidated() {
    return MARKER.clone();
  }

  static byte[] lease(long token) {
    byte[] framed = new byte[LEASE_LENGTH];
    framed[0] = VERSION;
    framed[1] = LEASE;
    for (int i = 0; i < 8; i++) {
      framed[2 + i] = (byte) (token >>> (56 - 8 * i));
    }
    return framed;
  }

  /** The kind of a well-formed frame of this version, or -1. */
  static int kind(byte[] framed) {
    if (framed == null || framed.length < 2 || framed[0] != VERSION) {
      return -1;
    }
    return switch (framed[1]) {
      case VALUE -> VALUE;
      case ABSENT, INVALIDATED -> framed.length == 2 ? framed[1] : -1;
      case LEASE -> framed.length == LEASE_LENGTH ? LEASE : -1;
      default -> -1;
    };
  }

  /** Whether {@code framed} holds a value or a tombstone: something a read can serve. */
  static boolean servable(byte[] framed) {
    int kind = kind(framed);
    return kind == VALUE || kind == ABSENT;
  }

  static byte[] payload(byte[] framed) {
    return Arrays.copyOfRange(framed, 2, framed.length);
  }
}
