package dev.slipstream.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** Finds the server binaries, or explains how to install them. Package-private. */
final class Binaries {

  /** Set by the parent POM for Surefire and Failsafe: the repository's root folder. */
  static final String ROOT_PROPERTY = "slipstream.root";
  private static final String DYNALITE = "test-support/node_modules/.bin/dynalite";

  private Binaries() {}

  static Path redisServer() {
    return onPath("redis-server").orElseThrow(() -> new IllegalStateException(
        "redis-server was not found on PATH. Install it with"
            + " 'apt-get update && apt-get install -y redis-server', or run the README's test"
            + " command, which does."));
  }

  static Path redisCli() {
    return onPath("redis-cli").orElseThrow(() -> new IllegalStateException(
        "redis-cli was not found on PATH. Install it with 'apt-get install -y redis-tools'."));
  }

  static Path dynalite() {
    Path root = repositoryRoot();
    Path script = root.resolve(DYNALITE);
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("dynalite was not found at " + script + ". Install it with"
          + " 'npm ci --prefix " + root.resolve("test-support") + "', or run the README's test"
          + " command, which does.");
    }
    return script;
  }

  static Path repositoryRoot() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured).toAbsolutePath();
    }
    // Run from an IDE: walk up from the working directory to the folder holding test-support/.
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("test-support")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("Cannot find the Slipstream repository root: set -D"
        + ROOT_PROPERTY + "=<path> or run from inside the repository");
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Paths.get(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
