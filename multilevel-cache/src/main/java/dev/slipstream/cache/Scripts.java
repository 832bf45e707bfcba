package dev.slipstream.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make each of the cache's Redis steps one atomic round trip on one key (so
 * they also run on a Redis Cluster). They read a {@link Frame}'s kind from its second byte.
 * Package-private.
 */
enum Scripts {

  /**
   * A read that takes a lease on a miss. KEYS[1] the key; ARGV[1] a lease frame, ARGV[2] its TTL
   * in ms. Returns the value or tombstone if there is one; else the lease already there (loads on
   * several instances share it); else stores ARGV[1] and returns it. A lease replacing an
   * invalidation marker lives at least as long as the marker would have.
   */
  GET_OR_LEASE("""
      local v = redis.call('GET', KEYS[1])
      if v and string.byte(v, 2) ~= 3 then
        return v
      end
      local ttl = tonumber(ARGV[2])
      if v then
        local left = redis.call('PTTL', KEYS[1])
        if left > ttl then ttl = left end
      end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
      return ARGV[1]
      """),

  /**
   * Compare and set. KEYS[1] the key; ARGV[1] the frame expected there (the lease a fill holds, or
   * the value a refresh replaces), ARGV[2] the new frame, ARGV[3] its TTL in ms. Returns 1 if it
   * stored ARGV[2], 0 if something else was there: a write came first.
   */
  COMPARE_AND_SET("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
      end
      return 0
      """),

  /**
   * A write and its broadcast, together. KEYS[1] the key; ARGV[1] the frame (a value, or an
   * invalidation marker), ARGV[2] its TTL in ms, ARGV[3] the channel, ARGV[4] the message.
   */
  SET_AND_PUBLISH("""
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      redis.call('PUBLISH', ARGV[3], ARGV[4])
      return 1
      """);

  private final byte[] body;
  private final String sha;

  Scripts(String body) {
    this.body = body.getBytes(StandardCharsets.UTF_8);
    this.sha = sha1(this.body);
  }

  byte[] body() {
    return body;
  }

  String sha() {
    return sha;
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }
}
