package dev.slipstream.examples.users.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The JDK's HTTP server in front of a handler, turning each request into the API Gateway proxy
 * event Lambda would pass: what {@code sam local} does, without Docker. One request at a time, as
 * one Lambda instance serves them.
 */
final class HttpAdapter implements AutoCloseable {

  /** Like API Gateway's payload limit: larger requests are refused before the handler. */
  static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "users-api-http");
    t.setDaemon(false);
    return t;
  });

  HttpAdapter(int port,
      Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(thread);
    server.createContext("/", exchange -> serve(exchange, handler));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void serve(HttpExchange exchange,
      Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler)
      throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        send(exchange, 413, Map.of("Content-Type", "application/json"),
            "{\"message\":\"request body over 6 MB\"}");
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
          .withHttpMethod(exchange.getRequestMethod())
          .withPath(exchange.getRequestURI().getPath())
          .withQueryStringParameters(query(exchange.getRequestURI().getRawQuery()))
          .withHeaders(headers)
          .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
          .withIsBase64Encoded(false)
          .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
              .withRequestId(UUID.randomUUID().toString()));
      APIGatewayProxyResponseEvent response = handler.apply(event);
      send(exchange, response.getStatusCode(),
          response.getHeaders() == null ? Map.of() : response.getHeaders(),
          response.getBody() == null ? "" : response.getBody());
    }
  }

  private static Map<String, String> query(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static void send(HttpExchange exchange, int status, Map<String, String> headers,
      String body) throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
