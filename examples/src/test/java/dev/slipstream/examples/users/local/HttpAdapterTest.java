package dev.slipstream.examples.users.local;

import dev.slipstream.examples.users.ProxyResponse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local adapter over real sockets: JSON for its own errors, and no client holds the others. */
class HttpAdapterTest {

  private final AtomicInteger inHandler = new AtomicInteger();
  private final AtomicInteger mostInHandler = new AtomicInteger();
  private volatile CountDownLatch release = new CountDownLatch(0);
  private HttpAdapter adapter;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    adapter = new HttpAdapter(0, event -> {
      mostInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inHandler.decrementAndGet();
      return new ProxyResponse().withStatusCode(200)
          .withHeaders(Map.of("Content-Type", "application/json"))
          .withBody("{\"path\":\"" + event.getPath() + "\"}");
    });
  }

  @AfterEach
  void stop() {
    adapter.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + adapter.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request written by hand, for targets HttpClient will not send; the status line and body. */
  private List<String> raw(String requestLine) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", adapter.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: local\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
      }
      return lines;
    }
  }

  @Test
  void badPercentEncoding_400Json() throws Exception {
    List<String> response = raw("GET /users?limit=%zz HTTP/1.1");
    assertThat(response.get(0)).isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(response).contains("Content-Type: application/json")
        .contains("{\"message\":\"the request target is not valid percent-encoding\"}");
  }

  @Test
  void bodyThatIsNotUtf8_400Json_notReplaced() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + adapter.port() + "/users/1"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', (byte) 0xC3, 0x28, '}'}))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"message\":\"the body is not valid UTF-8\"}");
  }

  @Test
  void requestTargetsThatAreNotPaths_404Json() throws Exception {
    for (String line : List.of("GET //users HTTP/1.1", "OPTIONS * HTTP/1.1",
        "GET http://elsewhere/users HTTP/1.1")) {
      List<String> response = raw(line);
      assertThat(response.get(0)).as(line).isEqualTo("HTTP/1.1 404 Not Found");
      assertThat(response).as(line).contains("Content-Type: application/json")
          .contains("{\"message\":\"no such resource\"}");
    }
  }

  @Test
  void megabyteUrl_414Json_notAReset() throws Exception {
    List<String> response = raw("GET /users/" + "a".repeat(1_000_000) + " HTTP/1.1");
    assertThat(response.get(0)).isEqualTo("HTTP/1.1 414 URI Too Long");
    assertThat(response).contains("Content-Type: application/json")
        .contains("{\"message\":\"the request line is over 8192 bytes\"}");
  }

  @Test
  void hugeHeaders_431Json() throws Exception {
    List<String> response = raw("GET /users/1 HTTP/1.1\r\nX-Big: " + "b".repeat(20_000));
    assertThat(response.get(0)).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    assertThat(response).contains("Content-Type: application/json");
  }

  @Test
  void keepAlive_manyRequestsOnOneConnection_jsonThrough() throws Exception {
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = get("/users/" + i + "?limit=5&name=a%20b");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"path\":\"/users/" + i + "\"}");
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }
  }

  @Test
  void halfSentRequest_doesNotHoldOtherClients() throws Exception {
    try (Socket stalled = new Socket("127.0.0.1", adapter.port())) {
      stalled.getOutputStream().write("GET /users/1 HTTP/1.1\r\nHost: local\r\n"
          .getBytes(StandardCharsets.US_ASCII)); // no blank line: the request never ends
      stalled.getOutputStream().flush();
      for (int i = 0; i < 50; i++) { // each within 1 s (its request timeout), as the issue asks
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adapter.port() + "/users/" + i))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"path\":\"/users/" + i + "\"}");
      }
    }
  }

  @Test
  void everyReaderBusyAndTheQueueFull_503Json_notAHang() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      // Half-sent requests hold every reader, then fill the queue behind them.
      for (int i = 0; i < HttpAdapter.IO_THREADS + HttpAdapter.QUEUED_CONNECTIONS; i++) {
        Socket socket = new Socket("127.0.0.1", adapter.port());
        socket.getOutputStream().write("GET /users/1 HTTP/1.1\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        stalled.add(socket);
      }
      List<String> response = raw("GET /users/2 HTTP/1.1");
      assertThat(response.get(0)).isEqualTo("HTTP/1.1 503 Service Unavailable");
      assertThat(response).contains("{\"message\":\"too many connections\"}");
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  @Test
  void handlerSeesOneRequestAtATime_likeOneLambdaInstance() throws Exception {
    release = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(client.sendAsync(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + adapter.port() + "/users/" + i))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    release.countDown();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(mostInHandler.get()).isEqualTo(1);
  }
}
