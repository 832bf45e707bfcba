package dev.slipstream.testing.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP proxy in front of one server, for faults that belong to one client rather than
 * to the server: {@link #freeze()} stops every byte in both directions, as the network sees a
 * Lambda instance frozen between invocations (its sockets stay open, what is sent to it waits in
 * buffers and arrives when it thaws); {@link #dropConnections()} cuts every open connection, as a
 * network blip does.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start(REDIS.host(), REDIS.port())) {
 *   RedisTier tier = RedisTier.connect("redis://127.0.0.1:" + proxy.port());
 *   proxy.freeze();   // this client alone hears nothing and sends nothing
 *   proxy.thaw();     // everything held back is delivered, in order
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

  private final InetSocketAddress upstream;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition thawed = lock.newCondition();
  private boolean frozen;
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a proxy on a free loopback port that forwards to {@code host:port}.
   *
   * @throws IllegalStateException if no port could be bound
   */
  public static TcpProxy start(String host, int port) {
    try {
      return new TcpProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("Could not start a TCP proxy to " + host + ":" + port, e);
    }
  }

  /** The proxy's own port on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** Holds every byte, both ways, until {@link #thaw()}; connections stay open. */
  public void freeze() {
    lock.lock();
    try {
      frozen = true;
    } finally {
      lock.unlock();
    }
  }

  /** Lets held and new bytes through again, in order. */
  public void thaw() {
    lock.lock();
    try {
      frozen = false;
      thawed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Closes every connection open now; new ones are accepted as before. */
  public void dropConnections() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    closed = true;
    thaw();
    closeQuietly(server);
    dropConnections();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket target = new Socket();
        try {
          target.connect(upstream, 5_000);
        } catch (IOException e) {
          closeQuietly(client);
          closeQuietly(target);
          continue;
        }
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(target);
        pump(client, target, "up");
        pump(target, client, "down");
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("TCP proxy accept failed", e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitThawed();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the other side closed, or the proxy did
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "tcp-proxy-" + direction + "-" + port());
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitThawed() throws InterruptedException {
    lock.lock();
    try {
      while (frozen && !closed) {
        thawed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
