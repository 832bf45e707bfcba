package dev.slipstream.testing;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one server process before a test class and stops it after; register it on a static field
 * with {@code @RegisterExtension}. Subclasses say how to launch the server and when it is ready.
 */
public abstract class ServerExtension implements BeforeAllCallback, AfterAllCallback {

  private static final int START_TRIES = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private ServerProcess process;
  private int port;

  ServerExtension(String name) {
    this.name = name;
  }

  /** The command that starts the server on {@code port}. */
  abstract List<String> command(int port);

  /** A line the server prints once it accepts connections. */
  abstract String readyMarker();

  /** The highest port the server may use. */
  int maxPort() {
    return 65535;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startOnFreePort();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Starts the server on a fresh free port; called by JUnit, or by hand outside JUnit. */
  public synchronized void startOnFreePort() {
    IllegalStateException last = null;
    for (int i = 0; i < START_TRIES; i++) {
      int candidate = FreePorts.find(maxPort());
      try {
        process = ServerProcess.start(name, command(candidate), readyMarker(), READY_TIMEOUT);
        port = candidate;
        return;
      } catch (IllegalStateException e) {
        last = e; // most likely another process took the port between find() and bind
      }
    }
    throw last;
  }

  /** The loopback port the server listens on. */
  public int port() {
    requireStarted();
    return port;
  }

  /** {@code 127.0.0.1}. */
  public String host() {
    return "127.0.0.1";
  }

  /** Stops the server (an outage); {@link #start()} brings it back on the same port. */
  public synchronized void stop() {
    if (process != null) {
      process.stop();
    }
  }

  /** Restarts a stopped server on the same port, with empty data. */
  public synchronized void start() {
    requireStarted();
    if (process.isAlive()) {
      return;
    }
    process = ServerProcess.start(name, command(port), readyMarker(), READY_TIMEOUT);
  }

  /** Freezes the server with SIGSTOP: connections stay open, nothing is answered. */
  public synchronized void pause() {
    requireRunning().pause();
  }

  /** Thaws a {@linkplain #pause() paused} server with SIGCONT. */
  public synchronized void resume() {
    requireRunning().resume();
  }

  /** Whether the process is alive (paused counts as alive). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's process id. */
  public synchronized long pid() {
    return requireRunning().pid();
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException(name + " has not been started: register the extension on a"
          + " static field with @RegisterExtension");
    }
  }

  private ServerProcess requireRunning() {
    requireStarted();
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " is stopped");
    }
    return process;
  }
}
