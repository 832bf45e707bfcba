package dev.slipstream.cache;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * Turns cache values into bytes for Redis and back.
 *
 * @param <V> the value type
 */
public interface Codec<V> {

  /**
   * The bytes of {@code value}; never called with null.
   *
   * @param value the value to store
   * @return its bytes, as written to Redis
   */
  byte[] encode(V value);

  /**
   * The value of {@code bytes}.
   *
   * @param bytes bytes this codec encoded
   * @return the value they hold
   * @throws RuntimeException if the bytes are not a value; the cache treats that as a miss
   */
  V decode(byte[] bytes);

  /**
   * UTF-8 strings.
   *
   * @return a codec storing strings as UTF-8 bytes
   */
  static Codec<String> utf8() {
    return new Codec<>() {
      @Override
      public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }

      @Override
      public String toString() {
        return "Codec.utf8()";
      }
    };
  }

  /**
   * Raw bytes, as they are.
   *
   * @return a codec storing byte arrays unchanged
   */
  static Codec<byte[]> bytes() {
    return new Codec<>() {
      @Override
      public byte[] encode(byte[] value) {
        return value;
      }

      @Override
      public byte[] decode(byte[] bytes) {
        return bytes;
      }

      @Override
      public String toString() {
        return "Codec.bytes()";
      }
    };
  }

  /**
   * JSON through Jackson, which must be on the class path
   * ({@code com.fasterxml.jackson.core:jackson-databind}).
   *
   * @param <V> the value type
   * @param type the value class: a record, or a bean Jackson can build
   * @return a codec storing {@code type} as JSON
   */
  static <V> Codec<V> json(Class<V> type) {
    return new JsonCodec<>(requireNonNull(type, "type must not be null"));
  }
}
