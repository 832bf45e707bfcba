package dev.slipstream.testing.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP proxy that holds each request for a fixed time before forwarding it: a network
 * round trip to a real AWS endpoint, in front of a local server. Bodies and headers (the CRC32 that
 * the SDK checks, among them) pass unchanged.
 */
public final class LatencyProxy implements AutoCloseable {

  // Headers java.net.http sets itself and refuses from callers, or that describe the hop.
  private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect",
      "host", "upgrade", "transfer-encoding", "keep-alive");

  static {
    // The JDK server writes headers and body separately; with Nagle on, the client's delayed ACK
    // would add ~40 ms to every response and swamp the latency this proxy is meant to add.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final HttpClient upstreamClient;
  private final URI upstream;
  private final Duration latency;
  private final AtomicLong requests = new AtomicLong();

  private LatencyProxy(URI upstream, Duration latency) throws IOException {
    this.upstream = upstream;
    this.latency = latency;
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "latency-proxy");
      t.setDaemon(true);
      return t;
    });
    this.upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(threads).build();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  /**
   * Starts a proxy on a free loopback port.
   *
   * @param upstream the server to forward to, such as dynalite's endpoint
   * @param latency added to every request
   */
  public static LatencyProxy start(URI upstream, Duration latency) {
    try {
      return new LatencyProxy(upstream, latency);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the latency proxy", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests forwarded so far. */
  public long requests() {
    return requests.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000); // the simulated network
      HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
          header.getValue().forEach(v -> request.header(header.getKey(), v));
        }
      }
      requests.incrementAndGet();
      HttpResponse<byte[]> response = upstreamClient.send(request.build(),
          HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] out = response.body();
      exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(502, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
