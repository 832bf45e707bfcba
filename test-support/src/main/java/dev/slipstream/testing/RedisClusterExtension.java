package dev.slipstream.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-master Redis Cluster on loopback (no replicas), made with
 * {@code redis-cli --cluster create}; ports stay at or below 55535 so that each node's bus port
 * (port + 10000) is valid.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

  private static final int MASTERS = 3;

  private final List<Node> nodes = new ArrayList<>();
  private Path workDir;

  /** One node of the cluster. */
  private static final class Node extends ServerExtension {
    private final Path configFile;

    Node(Path configFile) {
      super("redis-cluster-node");
      this.configFile = configFile;
    }

    @Override
    List<String> command(int port) {
      return List.of(Binaries.redisServer().toString(),
          "--port", String.valueOf(port),
          "--bind", "127.0.0.1",
          "--save", "",
          "--appendonly", "no",
          "--protected-mode", "no",
          "--cluster-enabled", "yes",
          "--cluster-config-file", configFile.resolveSibling(port + "-" + configFile.getFileName())
              .toString(),
          "--cluster-node-timeout", "5000");
    }

    @Override
    String readyMarker() {
      return "Ready to accept connections";
    }

    @Override
    int maxPort() {
      return 55535;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
    workDir = Files.createTempDirectory("slipstream-redis-cluster");
    for (int i = 0; i < MASTERS; i++) {
      Node node = new Node(workDir.resolve("nodes-" + i + ".conf"));
      node.startOnFreePort();
      nodes.add(node);
    }
    List<String> create = new ArrayList<>(List.of(Binaries.redisCli().toString(), "--cluster",
        "create"));
    nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    run(create, Duration.ofSeconds(60));
    // "create" returns once every node agrees on the slots; wait until each also says "ok".
    for (Node node : nodes) {
      awaitClusterOk(node.port());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    nodes.forEach(ServerExtension::stop);
    if (workDir != null) {
      try (var files = Files.walk(workDir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** {@code redis://127.0.0.1:<port>} of each master: seeds for a cluster client. */
  public List<String> uris() {
    return nodes.stream().map(n -> "redis://127.0.0.1:" + n.port()).toList();
  }

  private static void awaitClusterOk(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String info = "";
    while (System.nanoTime() < deadline) {
      info = run(List.of(Binaries.redisCli().toString(), "-p", String.valueOf(port), "cluster",
          "info"), Duration.ofSeconds(10));
      if (info.contains("cluster_state:ok")) {
        return;
      }
      // Each redis-cli run is a round trip of its own; a bounded poll, not a fixed sleep.
    }
    throw new IllegalStateException("Redis Cluster node " + port + " never reported"
        + " cluster_state:ok; last CLUSTER INFO: " + info);
  }

  private static String run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("Command failed: " + command + "\n" + output);
    }
    return output;
  }
}
