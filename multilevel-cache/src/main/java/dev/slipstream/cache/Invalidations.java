package dev.slipstream.cache;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The messages one cache broadcasts to its peers' L1, and what it does with theirs. A message is
 * {@code <sender id>|k<key>} for one key, or {@code <sender id>|a} for every key: the kind letter
 * keeps any key, {@code "*"} included, apart from "everything". A cache ignores its own messages,
 * recognised by the sender id, which {@link #renewSenderId} replaces (an instance restored from a
 * snapshot must not share its id with its siblings). Package-private.
 */
final class Invalidations extends RedisPubSubAdapter<byte[], byte[]> {

  private final byte[] channel;
  private final Consumer<String> dropKey;
  private final Runnable dropAll;
  private final Runnable onSubscribed;
  private volatile String senderId;

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

  String senderId() {
    return senderId;
  }

  void renewSenderId(String id) {
    this.senderId = id;
  }

  byte[] message(String key) {
    return (senderId + "|k" + key).getBytes(StandardCharsets.UTF_8);
  }

  byte[] messageAll() {
    return (senderId + "|a").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void message(byte[] from, byte[] message) {
    if (!Arrays.equals(from, channel)) {
      return; // another cache's channel on the same connection
    }
    String text = new String(message, StandardCharsets.UTF_8);
    int bar = text.indexOf('|');
    if (bar < 0 || bar + 1 >= text.length() || text.substring(0, bar).equals(senderId)) {
      return;
    }
    char kind = text.charAt(bar + 1);
    if (kind == 'k') {
      dropKey.accept(text.substring(bar + 2));
    } else if (kind == 'a') {
      dropAll.run();
    }
    // anything else comes from a later release: ignored, and l1Ttl still bounds what it meant
  }

  @Override
  public void subscribed(byte[] to, long count) {
    // Until a subscription is confirmed, messages are lost: at the first connect, and again after
    // Lettuce reconnects and re-subscribes. Whatever L1 holds may have missed some: re-check it.
    if (Arrays.equals(to, channel)) {
      onSubscribed.run();
    }
  }
}
