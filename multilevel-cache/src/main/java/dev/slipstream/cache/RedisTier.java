package dev.slipstream.cache;

import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Ticker;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Redis side of a {@link TieredCache}: one shared Lettuce connection for commands and one for
 * invalidation messages, to a standalone server ({@code redis://}, or {@code rediss://} with TLS, as
 * ElastiCache in-transit encryption requires; credentials in the URI) or to a Redis Cluster.
 *
 * <p>Connecting is lazy and never fails a cache read: the first command connects, and while Redis
 * is unreachable a new attempt is made at most once per {@link #RECONNECT_INTERVAL}. While a
 * standalone connection is down, commands fail at once (Lettuce's {@code REJECT_COMMANDS}) and the
 * cache goes on without L2; a cluster queues them (at most 10,000) because its node connections
 * open on first use. After a connection drops, Lettuce reconnects by itself (10 ms doubling to 1 s)
 * and re-subscribes.
 *
 * <p>One tier can serve many caches; share it, and close it when the process is done with Redis.
 */
public final class RedisTier implements AutoCloseable {

  /** Least time between two attempts to connect while Redis is unreachable. */
  public static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(1);
  /** Lettuce's own command timeout: commands a paused server never answers are cancelled then. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private interface Connector {
    Connections connect();
  }

  /** Both connections, and the commands of the first. */
  record Connections(StatefulConnection<byte[], byte[]> data,
      RedisClusterAsyncCommands<byte[], byte[]> async,
      RedisClusterCommands<byte[], byte[]> sync,
      StatefulRedisPubSubConnection<byte[], byte[]> pubSub) {}

  private final String description;
  private final AbstractRedisClient client;
  private final ClientResources resources;
  private final Connector connector;
  private final Ticker ticker;
  private final Map<String, List<RedisPubSubListener<byte[], byte[]>>> subscriptions =
      new ConcurrentHashMap<>();
  private volatile Connections connections;
  private long lastAttempt;
  private RuntimeException lastFailure;
  private boolean closed;

  private RedisTier(String description, AbstractRedisClient client, ClientResources resources,
      Connector connector) {
    this.description = description;
    this.client = client;
    this.resources = resources;
    this.connector = connector;
    this.ticker = Ticker.system();
  }

  /**
   * A standalone server, such as {@code redis://127.0.0.1:6379} or
   * {@code rediss://:token@my-cache.xxxxxx.use1.cache.amazonaws.com:6379}. Nothing is sent yet.
   *
   * @throws IllegalArgumentException if {@code uri} is not a Redis URI
   */
  public static RedisTier connect(String uri) {
    RedisURI redisUri = parse(uri);
    ClientResources resources = resources();
    RedisClient client = RedisClient.create(resources, redisUri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .build());
    return new RedisTier(safe(redisUri), client, resources, () -> {
      StatefulRedisConnection<byte[], byte[]> data = client.connect(ByteArrayCodec.INSTANCE);
      return withPubSub(data, data.async(), data.sync(),
          () -> client.connectPubSub(ByteArrayCodec.INSTANCE));
    });
  }

  /**
   * A Redis Cluster (such as ElastiCache in cluster mode), from one or more seed nodes. Multi-key
   * reads across hash slots are split by Lettuce.
   *
   * @throws IllegalArgumentException if a seed is not a Redis URI
   */
  public static RedisTier connectCluster(String... seedUris) {
    requireNonNull(seedUris, "seedUris must not be null");
    if (seedUris.length == 0) {
      throw new IllegalArgumentException("connectCluster needs at least one seed URI");
    }
    List<RedisURI> seeds = new ArrayList<>();
    for (String uri : seedUris) {
      seeds.add(parse(uri));
    }
    ClientResources resources = resources();
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    // Node connections open on first use: rejecting commands while one connects would fail the
    // first read of every node, so a cluster queues them (bounded); reads still wait at most
    // l2Timeout, and the breaker stops traffic during an outage.
    client.setOptions(ClusterClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
        .requestQueueSize(10_000)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .build());
    return new RedisTier("cluster" + seeds.stream().map(RedisTier::safe).toList(), client,
        resources, () -> {
          StatefulRedisClusterConnection<byte[], byte[]> data =
              client.connect(ByteArrayCodec.INSTANCE);
          return withPubSub(data, data.async(), data.sync(),
              () -> client.connectPubSub(ByteArrayCodec.INSTANCE));
        });
  }

  /** Opens the pub/sub connection beside {@code data}, closing {@code data} if that fails. */
  private static Connections withPubSub(StatefulConnection<byte[], byte[]> data,
      RedisClusterAsyncCommands<byte[], byte[]> async, RedisClusterCommands<byte[], byte[]> sync,
      java.util.function.Supplier<? extends StatefulRedisPubSubConnection<byte[], byte[]>> pubSub) {
    try {
      return new Connections(data, async, sync, pubSub.get());
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
  }

  /**
   * Connects now, if Redis can be reached: a primer for SnapStart or the init phase.
   *
   * @return whether Redis is connected; never throws
   */
  public boolean warm() {
    try {
      connections();
      return isConnected();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether both connections are open now. */
  public boolean isConnected() {
    Connections current = connections;
    return current != null && current.data().isOpen() && current.pubSub().isOpen();
  }

  /**
   * The connections, connecting first if need be.
   *
   * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached now
   * @throws IllegalStateException if closed
   */
  Connections connections() {
    Connections current = connections;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("RedisTier " + description + " is closed");
      }
      if (connections != null) {
        return connections;
      }
      long now = ticker.read();
      if (lastFailure != null && now - lastAttempt < RECONNECT_INTERVAL.toNanos()) {
        throw lastFailure; // do not hammer an unreachable server from every request
      }
      lastAttempt = now;
      try {
        Connections made = connector.connect();
        subscriptions.forEach((channel, listeners) -> listeners.forEach(made.pubSub()::addListener));
        if (!subscriptions.isEmpty()) {
          made.pubSub().async().subscribe(channels());
        }
        lastFailure = null;
        connections = made;
        return made;
      } catch (RuntimeException e) {
        lastFailure = e;
        throw e;
      }
    }
  }

  /** Listens to {@code channel} now if connected, else once connected; kept across reconnects. */
  void subscribe(String channel, RedisPubSubListener<byte[], byte[]> listener) {
    synchronized (this) {
      subscriptions.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
      Connections current = connections;
      if (current != null) {
        current.pubSub().addListener(listener);
        current.pubSub().async().subscribe(channel.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  void unsubscribe(String channel, RedisPubSubListener<byte[], byte[]> listener) {
    synchronized (this) {
      List<RedisPubSubListener<byte[], byte[]>> listeners = subscriptions.get(channel);
      if (listeners != null) {
        listeners.remove(listener);
      }
      Connections current = connections;
      if (current != null) {
        current.pubSub().removeListener(listener);
      }
    }
  }

  private byte[][] channels() {
    return subscriptions.keySet().stream().map(c -> c.getBytes(StandardCharsets.UTF_8))
        .toArray(byte[][]::new);
  }

  /** Closes both connections and the client. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      Connections current = connections;
      connections = null;
      if (current != null) {
        current.pubSub().close();
        current.data().close();
      }
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** Lettuce's events (connected, disconnected …); for tests that must wait for a reconnect. */
  EventBus eventBus() {
    return resources.eventBus();
  }

  /**
   * Two I/O threads (a Lambda has one or two vCPUs), and reconnect attempts from 10 ms doubling to
   * at most 1 s: Lettuce's 30 s ceiling would leave a short-lived instance without L2 long after
   * Redis is back.
   */
  private static ClientResources resources() {
    return DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
  }

  @Override
  public String toString() {
    return "RedisTier[" + description + (isConnected() ? ", connected" : "") + "]";
  }

  private static RedisURI parse(String uri) {
    requireNonNull(uri, "uri must not be null");
    try {
      return RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a Redis URI: '" + uri + "' (expected"
          + " redis://host:port or rediss://[:password@]host:port)", e);
    }
  }

  /** host:port and whether TLS is on, never the password. */
  private static String safe(RedisURI uri) {
    return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
  }
}
