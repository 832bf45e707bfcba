package dev.slipstream.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process that is ready once it prints a marker line: started, watched, paused, killed.
 * Package-private; the extensions are the API.
 */
final class ServerProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private volatile boolean paused;

  private ServerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts {@code command} and waits until a line of its output contains {@code readyMarker}.
   *
   * @throws IllegalStateException if it exits or stays silent past {@code timeout}; the message
   *     carries its last lines of output
   */
  static ServerProcess start(String name, List<String> command, String readyMarker,
      Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + name + ": " + command, e);
    }
    ServerProcess server = new ServerProcess(name, process);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> server.drain(readyMarker, ready), name + "-output");
    reader.setDaemon(true);
    reader.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not become ready within " + timeout
          + " (command " + command + "); last output: " + server.lastLines(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting " + name, e);
    }
    LOG.debug("{} ready, pid {}", name, process.pid());
    return server;
  }

  private void drain(String readyMarker, CompletableFuture<Void> ready) {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > 20) {
            lastLines.removeFirst();
          }
        }
        LOG.trace("[{}] {}", name, line);
        if (!ready.isDone() && line.contains(readyMarker)) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      LOG.trace("{} output closed", name, e);
    }
    ready.completeExceptionally(new IllegalStateException(name + " exited with code "
        + exitCodeOrUnknown() + " before it was ready"));
  }

  private String exitCodeOrUnknown() {
    try {
      return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  String lastLines() {
    synchronized (lastLines) {
      return String.join(" | ", lastLines);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  boolean isPaused() {
    return paused;
  }

  /** SIGSTOP: the process keeps its sockets open but answers nothing, like a hung server. */
  void pause() {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT. */
  void resume() {
    signal("CONT");
    paused = false;
  }

  /** Resumes if paused, asks the process to exit, and kills it if it does not in time. */
  void stop() {
    if (!process.isAlive()) {
      return;
    }
    if (paused) {
      resume();
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not send SIG" + signal + " to " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling " + name, e);
    }
  }
}
