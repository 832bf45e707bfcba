package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deploy jar as Lambda receives it: its size is held to a limit, its manifest keeps the
 * multi-release classes of the jars inside it usable, and no HTTP client other than the JDK's
 * made it in.
 */
class DeployJarIT {

  private static final Path JAR = Path.of("target", "users-lambda.jar");

  /**
   * Today's size plus a little slack, so growth fails review. Issue 13's goal is 12 MB; the floor
   * without a shrinker, and what each library in it is for, are in examples/README.md. Lower this as
   * the jar shrinks.
   */
  static final long LIMIT_BYTES = 19_000_000;

  @Test
  void sizeWithinTheLimit() throws IOException {
    assertThat(Files.size(JAR)).as("bytes of %s", JAR).isLessThanOrEqualTo(LIMIT_BYTES);
  }

  @Test
  void manifestIsMultiRelease() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
    }
  }

  @Test
  void noApacheOrNettyHttpClient() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> clients = jar.stream().map(e -> e.getName())
          .filter(name -> name.startsWith("org/apache/http/")
              || name.startsWith("software/amazon/awssdk/http/apache/")
              || name.startsWith("software/amazon/awssdk/http/nio/netty/")
              || name.startsWith("io/netty/handler/codec/http/"))
          .limit(5).collect(Collectors.toList());
      assertThat(clients).isEmpty();
    }
  }
}
