package dev.slipstream.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback container-credentials endpoint, as Lambda gives a SnapStart function through
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}: each
 * request with the right token gets a new key pair ({@code AKIDLOCAL1}, {@code AKIDLOCAL2} …),
 * valid for an hour; a wrong or missing token gets 401.
 *
 * <pre>{@code
 * try (CredentialsEndpoint credentials = CredentialsEndpoint.start("token")) {
 *   env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
 *   env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.token());
 * }
 * }</pre>
 */
public final class CredentialsEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final String token;
  private final Clock clock;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> keysIssued = new CopyOnWriteArrayList<>();

  private CredentialsEndpoint(String token, Clock clock) throws IOException {
    this.token = token;
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/credentials", this::serve);
    server.start();
  }

  /**
   * Starts an endpoint on a free loopback port.
   *
   * @param token the authorization token callers must send
   * @return the running endpoint
   */
  public static CredentialsEndpoint start(String token) {
    try {
      return new CredentialsEndpoint(token, Clock.systemUTC());
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the credentials endpoint", e);
    }
  }

  /**
   * The full URI to put in {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}.
   *
   * @return {@code http://127.0.0.1:<port>/credentials}
   */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/credentials");
  }

  /**
   * The token to put in {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}.
   *
   * @return the token
   */
  public String token() {
    return token;
  }

  /**
   * Key ids handed out so far, in order.
   *
   * @return {@code AKIDLOCAL1} …
   */
  public List<String> keysIssued() {
    return List.copyOf(keysIssued);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String sent = exchange.getRequestHeaders().getFirst("Authorization");
      if (!token.equals(sent)) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String key = "AKIDLOCAL" + issued.incrementAndGet();
      keysIssued.add(key);
      String body = "{\"AccessKeyId\":\"" + key + "\",\"SecretAccessKey\":\"secret-" + key
          + "\",\"Token\":\"session-" + key + "\",\"Expiration\":\""
          + clock.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          + "\"}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
