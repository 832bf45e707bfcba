package dev.slipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerExtensionIT {

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void ping_runningServer_answersPong() throws IOException {
    assertThat(ping(REDIS.port(), 2000)).isEqualTo("+PONG");
    assertThat(REDIS.uri()).isEqualTo("redis://127.0.0.1:" + REDIS.port());
  }

  @Test
  void pause_thenResume_silentThenAnswers() throws IOException {
    REDIS.pause();
    try {
      assertThatThrownBy(() -> ping(REDIS.port(), 300)).isInstanceOf(SocketTimeoutException.class);
    } finally {
      REDIS.resume();
    }
    assertThat(ping(REDIS.port(), 2000)).isEqualTo("+PONG");
  }

  @Test
  void stop_thenStart_refusedThenAnswersOnSamePort() throws IOException {
    int port = REDIS.port();
    REDIS.stop();
    assertThat(REDIS.isRunning()).isFalse();
    assertThatThrownBy(() -> ping(port, 1000)).isInstanceOf(ConnectException.class);
    REDIS.start();
    assertThat(REDIS.port()).isEqualTo(port);
    assertThat(ping(port, 2000)).isEqualTo("+PONG");
  }

  /** One RESP PING over a raw socket: the extension's test must not depend on a Redis client. */
  static String ping(int port, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      return line.toString();
    }
  }
}
