package dev.slipstream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, empty {@code redis-server} on a free loopback port, with no persistence; optionally with
 * a password ({@code requirepass}) and TLS (a self-signed certificate made with {@code openssl}),
 * as ElastiCache with in-transit encryption and AUTH runs.
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

  private String password;
  private boolean tls;
  private Path certificates;

  /** A standalone server without password or TLS. */
  public RedisServerExtension() {
    super("redis-server");
  }

  /** Requires {@code password} from clients. */
  public RedisServerExtension withPassword(String password) {
    this.password = password;
    return this;
  }

  /** Speaks TLS only, with a self-signed certificate for 127.0.0.1. */
  public RedisServerExtension withTls() {
    this.tls = true;
    return this;
  }

  @Override
  List<String> command(int port) {
    List<String> command = new ArrayList<>(List.of(Binaries.redisServer().toString(),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "no"));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    if (tls) {
      Path dir = certificates();
      command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port),
          "--tls-cert-file", dir.resolve("redis.crt").toString(),
          "--tls-key-file", dir.resolve("redis.key").toString(),
          "--tls-ca-cert-file", dir.resolve("redis.crt").toString(),
          "--tls-auth-clients", "no"));
    } else {
      command.addAll(List.of("--port", String.valueOf(port)));
    }
    return command;
  }

  @Override
  String readyMarker() {
    return "Ready to accept connections";
  }

  /**
   * {@code redis://127.0.0.1:<port>}; with a password {@code redis://:<password>@…}; with TLS
   * {@code rediss://…?verifyPeer=NONE} (the certificate is self-signed).
   */
  public String uri() {
    String auth = password == null ? "" : ":" + password + "@";
    return (tls ? "rediss://" : "redis://") + auth + host() + ":" + port()
        + (tls ? "?verifyPeer=NONE" : "");
  }

  private synchronized Path certificates() {
    if (certificates != null) {
      return certificates;
    }
    try {
      Path dir = Files.createTempDirectory("slipstream-redis-tls");
      Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048",
          "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
          "-keyout", dir.resolve("redis.key").toString(),
          "-out", dir.resolve("redis.crt").toString())
          .redirectErrorStream(true).start();
      String output = new String(openssl.getInputStream().readAllBytes());
      if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
        throw new IllegalStateException("openssl could not make a certificate: " + output);
      }
      certificates = dir;
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("TLS needs openssl on PATH ('apt-get install -y openssl')", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
