package dev.slipstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * A port that was free on 127.0.0.1 a moment ago, at most {@code max}; servers that lose the
   * race are restarted on another by the extensions.
   *
   * @param max the highest acceptable port (Redis Cluster needs port + 10000 for its bus)
   */
  public static int find(int max) {
    for (int i = 0; i < 50; i++) {
      int port = find();
      if (port <= max) {
        return port;
      }
    }
    throw new IllegalStateException("No free loopback port at or below " + max + " in 50 tries");
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int find() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free loopback port", e);
    }
  }
}
