package dev.slipstream.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback CloudWatch that speaks the wire protocol of the SDK in use (cloudwatch 2.57.8:
 * Smithy RPC v2 CBOR, gzip above ~10 KB) and records every PutMetricData it decodes. It can answer
 * 500, or hang until released.
 */
final class CloudWatchEndpoint implements AutoCloseable {

  static final String PATH = "/service/GraniteServiceVersion20100801/operation/PutMetricData";

  enum Mode { OK, FAIL, HANG }

  private static final CBORMapper CBOR = new CBORMapper();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger gzipped = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile Mode mode = Mode.OK;

  CloudWatchEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** Decoded request bodies that were answered with success. */
  List<JsonNode> requests() {
    return requests;
  }

  /** Requests whose body came gzip-compressed. */
  int gzipped() {
    return gzipped.get();
  }

  /** HTTP requests received, answered or not. */
  int calls() {
    return calls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      calls.incrementAndGet();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!exchange.getRequestURI().getPath().equals(PATH)
          || !"rpc-v2-cbor".equals(exchange.getRequestHeaders().getFirst("Smithy-Protocol"))) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (mode == Mode.HANG) {
        release.await(30, TimeUnit.SECONDS);
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      if (mode == Mode.FAIL) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        gzipped.incrementAndGet();
        try (GZIPInputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = gzip.readAllBytes();
        }
      }
      requests.add(CBOR.readTree(body));
      exchange.getResponseHeaders().add("Content-Type", "application/cbor");
      exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
      byte[] empty = {(byte) 0xA0};
      exchange.sendResponseHeaders(200, empty.length);
      exchange.getResponseBody().write(empty);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
