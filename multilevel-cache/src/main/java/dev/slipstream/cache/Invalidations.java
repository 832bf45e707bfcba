package dev.slipstream.cache;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The messages one cache broadcasts to its peers' L1, and what it does with theirs. A message is
 * {@code <sender id>|<key>}, or {@code <sender id>|*} for everything; a cache ignores its own.
 * Package-private.
 */
final class Invalidations extends RedisPubSubAdapter<byte[], byte[]> {

  static final String ALL = "*";

  private final byte[] channel;
  private final String senderId;
  private final Consumer<String> dropKey;
  private final Runnable dropAll;
  private final Runnable onSubscribed;

  Invalidations(String channel, String senderId, Consumer<String> dropKey, Runnable dropAll,
      Runnable onSubscribed) {
    this.channel = channel.getBytes(StandardCharsets.UTF_8);
    this.senderId = senderId;
    this.dropKey = dropKey;
    this.dropAll = dropAll;
    this.onSubscribed = onSubscribed;
  }

  byte[] channel() {
    return channel;
  }

  byte[] message(String key) {
    return (senderId + "|" + key).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void message(byte[] from, byte[] message) {
    if (!Arrays.equals(from, channel)) {
      return; // another cache on the same connection
    }
    String text = new String(message, StandardCharsets.UTF_8);
    int bar = text.indexOf('|');
    if (bar < 0 || text.substring(0, bar).equals(senderId)) {
      return;
    }
    String key = text.substring(bar + 1);
    if (key.equals(ALL)) {
      dropAll.run();
    } else {
      dropKey.accept(key);
    }
  }

  @Override
  public void subscribed(byte[] to, long count) {
    // Until a subscription is confirmed, messages are lost: at the first connect, and again after
    // Lettuce reconnects and re-subscribes. Whatever L1 holds may have missed some; start over.
    if (Arrays.equals(to, channel)) {
      dropAll.run();
      onSubscribed.run();
    }
  }
}
