package dev.slipstream.examples.users.local;

import dev.slipstream.examples.users.ProxyRequest;
import dev.slipstream.examples.users.ProxyResponse;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server in front of a handler, turning each request into the API Gateway proxy
 * event Lambda would pass: what {@code sam local} does, without Docker. Written for this runner
 * rather than borrowed from the JDK's {@code HttpServer}, which answers malformed requests with
 * HTML of its own, resets connections over long request lines and runs with Nagle's algorithm on.
 *
 * <ul>
 *   <li>the handler sees one request at a time, as one Lambda instance does; reading requests and
 *       writing responses happen on a bounded pool ({@value #IO_THREADS} connections at once,
 *       {@value #QUEUED_CONNECTIONS} waiting, then 503), so a client that sends half a request
 *       holds one reader until {@value #READ_TIMEOUT_MILLIS} ms pass, never the others;</li>
 *   <li>TCP_NODELAY on every connection; keep-alive;</li>
 *   <li>API Gateway's limits, answered as JSON like every error this adapter makes: request line
 *       over {@value #MAX_REQUEST_LINE_BYTES} bytes → 414, headers over
 *       {@value #MAX_HEADER_BYTES} bytes or {@value #MAX_HEADERS} lines → 431, a body over 6 MB
 *       → 413, a target that is not a path → 404, bad percent-encoding or a body that is not
 *       UTF-8 → 400, chunked bodies → 411.</li>
 * </ul>
 */
final class HttpAdapter implements AutoCloseable {

  /** Like API Gateway's payload limit: larger requests are refused before the handler. */
  static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
  /** Longer request lines get 414 (API Gateway's URL limit is 8 KB as well). */
  static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
  /** More header bytes than this get 431. */
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** More header lines than this get 431. */
  static final int MAX_HEADERS = 100;
  /** Connections served at once; the handler still runs one request at a time. */
  static final int IO_THREADS = 8;
  /** Connections waiting for a reader; more are answered 503 at once. */
  static final int QUEUED_CONNECTIONS = 64;
  /** How long a connection may stay silent mid-request or between keep-alive requests. */
  static final int READ_TIMEOUT_MILLIS = 10_000;

  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(204, "No Content"),
      Map.entry(400, "Bad Request"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
      Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"),
      Map.entry(411, "Length Required"), Map.entry(413, "Content Too Large"),
      Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"),
      Map.entry(422, "Unprocessable Content"), Map.entry(429, "Too Many Requests"),
      Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"));

  /** A request this adapter refuses itself, with the status and message to answer. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final Function<ProxyRequest, ProxyResponse> handler;
  private final ServerSocket listener;
  private final ThreadPoolExecutor connections;
  private final Thread acceptor;
  private final Lock oneAtATime = new ReentrantLock(true);

  HttpAdapter(int port,
      Function<ProxyRequest, ProxyResponse> handler)
      throws IOException {
    this.handler = handler;
    this.listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    this.connections = new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUED_CONNECTIONS), r -> {
          Thread t = new Thread(r, "users-api-http");
          t.setDaemon(true);
          return t;
        });
    this.acceptor = new Thread(this::acceptLoop, "users-api-accept");
    acceptor.start(); // not a daemon: it keeps the runner alive until close()
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        connections.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        try (socket) {
          write(socket.getOutputStream(), 503, Map.of(), json("too many connections"), false);
          lingerClose(socket, socket.getInputStream(), 200, 64 * 1024); // short: overloaded
        } catch (IOException ignored) {
          // the client is gone too
        }
      }
    }
  }

  /** Requests on one connection, until it closes, times out or is refused. */
  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true); // without it, Nagle + delayed ACK stall keep-alive ~40 ms
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      boolean keepAlive = true;
      while (keepAlive) {
        String requestLine;
        try {
          requestLine = line(in, MAX_REQUEST_LINE_BYTES, 414, "the request line is over "
              + MAX_REQUEST_LINE_BYTES + " bytes");
          if (requestLine == null) {
            return; // the client closed between requests
          }
          keepAlive = exchange(requestLine, in, out);
        } catch (Refusal refusal) {
          write(out, refusal.status, Map.of(), json(refusal.getMessage()), false);
          lingerClose(socket, in, 1_000, 2L * MAX_BODY_BYTES);
          return;
        }
      }
    } catch (SocketException | java.net.SocketTimeoutException e) {
      // a client that went away or went silent: nothing to answer
    } catch (IOException e) {
      // the same, reported differently
    }
  }

  /**
   * After a refusal, reads and drops what the client is still sending (a bounded amount, for a
   * bounded time) before closing: closing with unread bytes makes TCP reset the connection, and
   * the client may lose the answer it was sent.
   */
  private static void lingerClose(Socket socket, InputStream in, int timeoutMillis, long limit)
      throws IOException {
    socket.shutdownOutput();
    socket.setSoTimeout(timeoutMillis);
    long left = limit;
    byte[] sink = new byte[8192];
    for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) != -1; ) {
      left -= n;
    }
  }

  /** One request whose line was read; whether the connection stays open. */
  private boolean exchange(String requestLine, InputStream in, OutputStream out)
      throws IOException, Refusal {
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new Refusal(400, "the request line must be METHOD TARGET HTTP/1.x");
    }
    Map<String, String> headers = headers(in);
    boolean keepAlive = parts[2].equals("HTTP/1.1")
        ? !"close".equalsIgnoreCase(headers.getOrDefault("connection", ""))
        : "keep-alive".equalsIgnoreCase(headers.getOrDefault("connection", ""));
    String target = parts[1];
    if (!target.startsWith("/") || target.startsWith("//")) {
      throw new Refusal(404, "no such resource"); // "*", "//users", absolute URIs
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new Refusal(411, "send the body with a Content-Length");
    }
    byte[] body = body(in, headers.get("content-length"));
    int question = target.indexOf('?');
    String path;
    Map<String, String> query;
    try {
      path = decodePath(question < 0 ? target : target.substring(0, question));
      query = query(question < 0 ? null : target.substring(question + 1));
    } catch (IllegalArgumentException e) { // what URLDecoder throws for "%zz"
      throw new Refusal(400, "the request target is not valid percent-encoding");
    }
    Map<String, String> eventHeaders = new LinkedHashMap<>();
    headers.forEach(eventHeaders::put);
    ProxyRequest event = new ProxyRequest()
        .withHttpMethod(parts[0])
        .withPath(path)
        .withQueryStringParameters(query)
        .withHeaders(eventHeaders)
        .withBody(body.length == 0 ? null : utf8(body))
        .withIsBase64Encoded(false);
    ProxyResponse response;
    oneAtATime.lock();
    try {
      response = handler.apply(event);
    } catch (RuntimeException e) {
      write(out, 500, Map.of(), json("internal error"), false);
      return false;
    } finally {
      oneAtATime.unlock();
    }
    write(out, response.getStatusCode() == null ? 500 : response.getStatusCode(),
        response.getHeaders() == null ? Map.of() : response.getHeaders(),
        response.getBody() == null ? new byte[0]
            : response.getBody().getBytes(StandardCharsets.UTF_8), keepAlive);
    return keepAlive;
  }

  /** Header lines until the blank one, names lower-cased; repeated names joined with commas. */
  private static Map<String, String> headers(InputStream in) throws IOException, Refusal {
    Map<String, String> headers = new LinkedHashMap<>();
    int bytes = 0;
    for (int count = 0; ; count++) {
      String line = line(in, MAX_HEADER_BYTES - bytes, 431, "the request headers are over "
          + MAX_HEADER_BYTES + " bytes");
      if (line == null) {
        throw new SocketException("closed mid-request");
      }
      if (line.isEmpty()) {
        return headers;
      }
      if (count == MAX_HEADERS) {
        throw new Refusal(431, "the request has over " + MAX_HEADERS + " header lines");
      }
      bytes += line.length() + 2;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new Refusal(400, "a header line must be Name: value");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      headers.merge(name, value, (a, b) -> a + "," + b);
    }
  }

  private static byte[] body(InputStream in, String contentLength) throws IOException, Refusal {
    if (contentLength == null) {
      return new byte[0];
    }
    long length;
    try {
      length = Long.parseLong(contentLength);
    } catch (NumberFormatException e) {
      throw new Refusal(400, "Content-Length must be a number of bytes");
    }
    if (length < 0) {
      throw new Refusal(400, "Content-Length must be a number of bytes");
    }
    if (length > MAX_BODY_BYTES) {
      throw new Refusal(413, "request body over 6 MB");
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new SocketException("closed mid-body");
    }
    return body;
  }

  /**
   * One CRLF-terminated line as ISO-8859-1 (HTTP's own bytes); null if the stream ends before
   * any byte.
   */
  private static String line(InputStream in, int limit, int status, String tooLong)
      throws IOException, Refusal {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
            : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= limit) {
        throw new Refusal(status, tooLong);
      }
      line.write(b);
    }
    if (line.size() == 0) {
      return null;
    }
    throw new SocketException("closed mid-line");
  }

  /** The body as text; bytes that are not UTF-8 are refused, not silently replaced. */
  private static String utf8(byte[] body) throws Refusal {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new Refusal(400, "the body is not valid UTF-8");
    }
  }

  /** Percent-decodes a path (a '+' stays a '+'). */
  private static String decodePath(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
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

  private static byte[] json(String message) {
    return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void write(OutputStream out, int status, Map<String, String> headers, byte[] body,
      boolean keepAlive) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ')
        .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
    boolean typed = false;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("connection")) {
        continue; // this adapter frames the response
      }
      typed |= name.equalsIgnoreCase("content-type");
      head.append(name).append(": ").append(header.getValue()).append("\r\n");
    }
    if (!typed && body.length > 0) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n")
        .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    connections.shutdownNow();
  }
}
