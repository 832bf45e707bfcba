package dev.slipstream.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Answers PutMetricData as CloudWatch's RPC v2 CBOR protocol does on success (200, body
 * {@code 0xA0}), on loopback: the round trip the seed's one-call-per-metric pattern pays.
 */
final class LoopbackCloudWatch implements AutoCloseable {

  static {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // no Nagle delay on responses
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  LoopbackCloudWatch() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/cbor");
        exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
        exchange.sendResponseHeaders(200, 1);
        exchange.getResponseBody().write(0xA0);
      }
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
