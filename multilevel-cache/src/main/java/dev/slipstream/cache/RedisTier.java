package dev.slipstream.cache;

import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.LifecycleHook;
import dev.slipstream.core.Ticker;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis side of a {@link TieredCache}: one shared Lettuce connection for commands and one for
 * invalidation messages, to a standalone server ({@code redis://}, or {@code rediss://} with TLS, as
 * ElastiCache in-transit encryption requires; credentials in the URI) or to a Redis Cluster.
 *
 * <pre>{@code
 * static final RedisTier REDIS = RedisTier.connect(Env.required("REDIS_URL"));
 * static { REDIS.warm(Duration.ofMillis(500)); } // init: connect beside the SDK clients, bounded
 * }</pre>
 *
 * <p><b>No caller ever waits on a connect for longer than it chose to.</b> Connecting happens on a
 * background thread, never on the caller's and never under a lock a reader takes; a read waits for
 * it at most its own {@code l2Timeout} and then goes on without Redis, while the connect goes on.
 * A connect gives up after {@link #DEFAULT_CONNECT_TIMEOUT} (TCP connect, TLS handshake and the
 * Redis handshake alike, so a server that accepts and never answers is given up on too); while
 * Redis is unreachable a new attempt is made at most once per {@link #RECONNECT_INTERVAL}. Once
 * connected, Lettuce reconnects by itself (10 ms doubling to 1 s) and re-subscribes; while a
 * standalone connection is down commands fail at once, and a cluster queues them (at most 10,000)
 * because its node connections open on first use.
 *
 * <p>One tier can serve many caches; share it, and close it when the process is done with Redis.
 */
public final class RedisTier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);

  /** Least time between two attempts to connect while Redis is unreachable. */
  public static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(1);
  /** How long one connect may take, handshakes included, before it is given up. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** The longest a SnapStart restore waits for Redis to reconnect. */
  public static final Duration RESTORE_CONNECT_WAIT = Duration.ofSeconds(1);
  /** Lettuce's own command timeout: commands a paused server never answers are cancelled then. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** How each connection is opened, standalone or cluster. */
  private interface Connector {
    CompletableFuture<Data> data();

    CompletableFuture<? extends StatefulRedisPubSubConnection<byte[], byte[]>> pubSub();
  }

  /** The command connection and its asynchronous commands. */
  record Data(StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> async) {}

  /** One attempt to connect, and when it started. */
  private record Attempt<T>(CompletableFuture<T> future, long startedNanos) {}

  private final String description;
  private final AbstractRedisClient client;
  private final ClientResources resources;
  private final Connector connector;
  private final Ticker ticker = Ticker.system();
  private final ThreadPoolExecutor connectThread;
  private final RateLimitedLog log;
  private final AtomicReference<Attempt<Data>> data = new AtomicReference<>();
  private final AtomicReference<Attempt<StatefulRedisPubSubConnection<byte[], byte[]>>> pubSub =
      new AtomicReference<>();
  private final Map<String, List<RedisPubSubListener<byte[], byte[]>>> subscriptions =
      new LinkedHashMap<>(); // guarded by itself
  private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();
  private final RedisPubSubListener<byte[], byte[]> dispatcher = new Dispatcher();
  private final Lifecycle.Registration lifecycle;
  private volatile boolean closed;

  private RedisTier(String description, AbstractRedisClient client, ClientResources resources,
      Function<RedisTier, Connector> connector) {
    this.description = description;
    this.client = client;
    this.resources = resources;
    this.connector = connector.apply(this);
    this.log = new RateLimitedLog(LOG, ticker, 10, TimeUnit.SECONDS);
    this.connectThread = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "slipstream-redis-connect");
          t.setDaemon(true);
          return t;
        });
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        connectedListeners.forEach(Runnable::run);
      }
    });
    this.lifecycle = Lifecycle.register("redis " + description, new LifecycleHook() {
      @Override
      public void beforeSnapshot() {
        closeConnections(); // no socket in the snapshot: it would be dead, or shared, after restore
      }

      @Override
      public void afterRestore() {
        closeConnections();
        // Connect now, in the restore phase, so that the first request finds Redis ready; bounded:
        // an unreachable Redis delays the restore by at most this, and is then left to connect.
        warm(RESTORE_CONNECT_WAIT);
      }
    });
  }

  /**
   * A standalone server, such as {@code redis://127.0.0.1:6379} or
   * {@code rediss://:token@my-cache.xxxxxx.use1.cache.amazonaws.com:6379}. Nothing is sent yet.
   *
   * @param uri the server's URI; a password in it is never logged
   * @return the tier, not connected yet
   * @throws IllegalArgumentException if {@code uri} is not a Redis URI
   */
  public static RedisTier connect(String uri) {
    RedisURI redisUri = parse(uri);
    ClientResources resources = resources();
    RedisClient client = RedisClient.create(resources, redisUri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .socketOptions(socketOptions())
        .sslOptions(sslOptions())
        .build());
    return new RedisTier(safe(redisUri), client, resources, tier -> new Connector() {
      @Override
      public CompletableFuture<Data> data() {
        return client.connectAsync(ByteArrayCodec.INSTANCE, redisUri).toCompletableFuture()
            .thenApply(c -> new Data(c, c.async()));
      }

      @Override
      public CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> pubSub() {
        return client.connectPubSubAsync(ByteArrayCodec.INSTANCE, redisUri).toCompletableFuture();
      }
    });
  }

  /**
   * A Redis Cluster (such as ElastiCache in cluster mode), from one or more seed nodes. Multi-key
   * commands across hash slots are split by Lettuce; invalidation messages travel over the
   * cluster's pub/sub, which every node relays.
   *
   * @param seedUris one or more nodes' URIs
   * @return the tier, not connected yet
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
        .socketOptions(socketOptions())
        .sslOptions(sslOptions())
        .build());
    return new RedisTier("cluster" + seeds.stream().map(RedisTier::safe).toList(), client,
        resources, tier -> new Connector() {
          // Lettuce's asynchronous connects need the topology loaded first (its synchronous
          // getPartitions() would block the caller); each connect loads it afresh.
          @Override
          public CompletableFuture<Data> data() {
            return client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(v -> client.connectAsync(ByteArrayCodec.INSTANCE))
                .thenApply(c -> new Data(c, c.async()));
          }

          @Override
          public CompletableFuture<? extends StatefulRedisPubSubConnection<byte[], byte[]>>
              pubSub() {
            return client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(v -> client.connectPubSubAsync(ByteArrayCodec.INSTANCE));
          }
        });
  }

  /**
   * Starts connecting in the background, if not connected yet, and waits for it at most
   * {@code timeout}: for the init phase, so that no request pays for the connect. Never throws.
   *
   * @param timeout the longest this call waits; the connect goes on after it
   * @return whether both connections are open now
   */
  public boolean warm(Duration timeout) {
    requireNonNull(timeout, "timeout must not be null");
    try {
      CompletableFuture.allOf(data(), pubSubConnection())
          .get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      LOG.debug("Redis {} not connected within {}", description, timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return isConnected();
  }

  /**
   * {@link #warm(Duration)} with {@link #DEFAULT_CONNECT_TIMEOUT}.
   *
   * @return whether both connections are open now
   */
  public boolean warm() {
    return warm(DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * Whether both connections are open now.
   *
   * @return true once connected, while Lettuce is not reconnecting
   */
  public boolean isConnected() {
    return isOpen(data, Data::connection) && isOpen(pubSub, c -> c);
  }

  /**
   * The command connection: completed at once when connected; else the connect under way (started
   * now on a background thread if need be); or failed at once when the last attempt failed less
   * than {@link #RECONNECT_INTERVAL} ago or the tier is closed.
   */
  CompletableFuture<Data> data() {
    CompletableFuture<Data> future = ensure(data, connector::data);
    if (hasSubscriptions()) {
      pubSubConnection();
    }
    return future;
  }

  /**
   * Listens to {@code channel} now if connected, else from the first connect on (this starts no
   * connect); kept across reconnects.
   */
  void subscribe(String channel, RedisPubSubListener<byte[], byte[]> listener) {
    boolean first;
    synchronized (subscriptions) {
      List<RedisPubSubListener<byte[], byte[]>> listeners =
          subscriptions.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
      first = listeners.isEmpty();
      listeners.add(listener);
    }
    Attempt<StatefulRedisPubSubConnection<byte[], byte[]>> attempt = pubSub.get();
    if (first && attempt != null) { // else the first connect subscribes it; twice is harmless
      attempt.future().thenAccept(
          c -> c.async().subscribe(channel.getBytes(StandardCharsets.UTF_8)));
    }
  }

  void unsubscribe(String channel, RedisPubSubListener<byte[], byte[]> listener) {
    synchronized (subscriptions) {
      List<RedisPubSubListener<byte[], byte[]>> listeners = subscriptions.get(channel);
      if (listeners != null) {
        listeners.remove(listener);
      }
    }
  }

  /** Runs {@code listener} (on Lettuce's I/O thread: keep it short) whenever a connection opens. */
  void onConnected(Runnable listener) {
    connectedListeners.add(listener);
  }

  void removeConnectedListener(Runnable listener) {
    connectedListeners.remove(listener);
  }

  /** Closes both connections and the client. */
  @Override
  public void close() {
    closed = true;
    lifecycle.close();
    closeConnections();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
    connectThread.shutdownNow();
  }

  /** Lettuce's events (connected, disconnected …); for tests that must wait for a reconnect. */
  EventBus eventBus() {
    return resources.eventBus();
  }

  private CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> pubSubConnection() {
    return ensure(pubSub, () -> connector.pubSub().thenApply(this::listen));
  }

  /** Hooks the dispatcher to a new pub/sub connection and subscribes every channel. */
  private StatefulRedisPubSubConnection<byte[], byte[]> listen(
      StatefulRedisPubSubConnection<byte[], byte[]> connection) {
    connection.addListener(dispatcher);
    byte[][] channels;
    synchronized (subscriptions) {
      channels = subscriptions.keySet().stream().map(c -> c.getBytes(StandardCharsets.UTF_8))
          .toArray(byte[][]::new);
    }
    if (channels.length > 0) {
      connection.async().subscribe(channels);
    }
    return connection;
  }

  private boolean hasSubscriptions() {
    synchronized (subscriptions) {
      return !subscriptions.isEmpty();
    }
  }

  /**
   * The attempt in {@code ref} unless it failed at least {@link #RECONNECT_INTERVAL} ago; else a
   * new one, started on the connect thread. Lock-free: racing callers share one attempt.
   */
  private <T> CompletableFuture<T> ensure(AtomicReference<Attempt<T>> ref,
      Supplier<CompletableFuture<? extends T>> connect) {
    while (true) {
      Attempt<T> current = ref.get();
      long now = ticker.read();
      if (current != null && !(current.future().isCompletedExceptionally()
          && now - current.startedNanos() >= RECONNECT_INTERVAL.toNanos())) {
        return current.future();
      }
      if (closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("RedisTier " + description + " is closed"));
      }
      Attempt<T> mine = new Attempt<>(new CompletableFuture<>(), now);
      if (ref.compareAndSet(current, mine)) {
        start(mine.future(), connect);
        return mine.future();
      }
    }
  }

  private <T> void start(CompletableFuture<T> future,
      Supplier<CompletableFuture<? extends T>> connect) {
    try {
      connectThread.execute(() -> {
        try {
          connect.get().whenComplete((connection, error) -> {
            if (error != null) {
              log.warn("Could not connect to Redis " + description + "; retrying at most once per "
                  + RECONNECT_INTERVAL.toSeconds() + " s, going on without L2", unwrap(error));
              future.completeExceptionally(error);
            } else { // if closed meanwhile, close() closes it once this completes
              future.complete(connection);
            }
          });
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) { // rejected: closed
      future.completeExceptionally(e);
    }
  }

  /**
   * Closes both connections (those still connecting once they are done); the next use opens new
   * ones. Waits a little for what is open now to close: before a snapshot it must be.
   */
  private void closeConnections() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    Attempt<Data> d = data.getAndSet(null);
    if (d != null) {
      closing.add(d.future().thenCompose(c -> c.connection().closeAsync()));
    }
    Attempt<StatefulRedisPubSubConnection<byte[], byte[]>> p = pubSub.getAndSet(null);
    if (p != null) {
      closing.add(p.future().thenCompose(StatefulConnection::closeAsync));
    }
    try {
      CompletableFuture.allOf(closing.stream().filter(CompletableFuture::isDone)
          .toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.debug("Redis connections of {} did not close in time", description, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> boolean isOpen(AtomicReference<Attempt<T>> ref,
      Function<T, StatefulConnection<?, ?>> connection) {
    Attempt<T> attempt = ref.get();
    if (attempt == null) {
      return false;
    }
    CompletableFuture<T> future = attempt.future();
    return future.isDone() && !future.isCompletedExceptionally()
        && connection.apply(future.join()).isOpen();
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  /** Hands each message to the listeners of its channel; one per connection, never duplicated. */
  private final class Dispatcher extends RedisPubSubAdapter<byte[], byte[]> {
    @Override
    public void message(byte[] channel, byte[] message) {
      for (RedisPubSubListener<byte[], byte[]> listener : listeners(channel)) {
        listener.message(channel, message);
      }
    }

    @Override
    public void subscribed(byte[] channel, long count) {
      for (RedisPubSubListener<byte[], byte[]> listener : listeners(channel)) {
        listener.subscribed(channel, count);
      }
    }

    private List<RedisPubSubListener<byte[], byte[]>> listeners(byte[] channel) {
      synchronized (subscriptions) {
        List<RedisPubSubListener<byte[], byte[]>> listeners =
            subscriptions.get(new String(channel, StandardCharsets.UTF_8));
        return listeners == null ? List.of() : listeners;
      }
    }
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

  private static SocketOptions socketOptions() {
    return SocketOptions.builder().connectTimeout(DEFAULT_CONNECT_TIMEOUT).build();
  }

  private static SslOptions sslOptions() {
    return SslOptions.builder().handshakeTimeout(DEFAULT_CONNECT_TIMEOUT).build();
  }

  @Override
  public String toString() {
    return "RedisTier[" + description + (isConnected() ? ", connected" : "") + "]";
  }

  private static RedisURI parse(String uri) {
    requireNonNull(uri, "uri must not be null");
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a Redis URI: '" + redact(uri) + "' (expected"
          + " redis://host:port or rediss://[:password@]host:port)", e);
    }
    // Lettuce bounds its connection handshake (HELLO, AUTH) by the URI's timeout, 60 s by default:
    // a server that accepts and never answers would hold a connect that long.
    parsed.setTimeout(DEFAULT_CONNECT_TIMEOUT);
    return parsed;
  }

  /** The URI without what sits between "//" and "@" (a password). */
  private static String redact(String uri) {
    return uri.replaceAll("//[^@/]*@", "//***@");
  }

  /** host:port and whether TLS is on, never the password. */
  private static String safe(RedisURI uri) {
    return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
  }
}
