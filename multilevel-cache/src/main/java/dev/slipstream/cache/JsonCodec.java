package dev.slipstream.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@link Codec#json(Class)}. Package-private: loaded only when asked for, so Jackson stays optional. */
final class JsonCodec<V> implements Codec<V> {

  // ObjectMapper is thread-safe once configured, and costly to build: one per process.
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Class<V> type;

  JsonCodec(Class<V> type) {
    this.type = type;
  }

  @Override
  public byte[] encode(V value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + type.getName() + " as JSON", e);
    }
  }

  @Override
  public V decode(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("Not a JSON " + type.getName(), e);
    }
  }

  @Override
  public String toString() {
    return "Codec.json(" + type.getSimpleName() + ")";
  }
}
