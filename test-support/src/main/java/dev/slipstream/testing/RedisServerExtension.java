package dev.slipstream.testing;

import java.util.List;

/**
 * A real, empty {@code redis-server} on a free loopback port, with no persistence.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension REDIS = new RedisServerExtension();
 * ... RedisClient.create(REDIS.uri()) ...
 * REDIS.pause();   // outage: SIGSTOP
 * REDIS.resume();
 * }</pre>
 */
public final class RedisServerExtension extends ServerExtension {

  /** A standalone server. */
  public RedisServerExtension() {
    super("redis-server");
  }

  @Override
  List<String> command(int port) {
    return List.of(Binaries.redisServer().toString(),
        "--port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "no");
  }

  @Override
  String readyMarker() {
    return "Ready to accept connections";
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://" + host() + ":" + port();
  }
}
