package dev.slipstream.cache;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final Runnable onResubscribe;
  private final AtomicBoolean subscribedBefore = new AtomicBoolean();

  Invalidations(String channel, String senderId, Consumer<String> dropKey, Runnable dropAll,
      Runnable onResubscribe) {
    this.channel = channel.getBytes(StandardCharsets.UTF_8);
    this.senderId = senderId;
    this.dropKey = dropKey;
    this.dropAll = dropAll;
    this.onResubscribe = onResubscribe;
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
    // A second confirmation means Lettuce reconnected and re-subscribed: messages sent while the
    // connection was down are lost, so L1 may be stale. Start over.
    if (Arrays.equals(to, channel) && subscribedBefore.getAndSet(true)) {
      dropAll.run();
      onResubscribe.run();
    }
  }
}
