package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.testing.DynaliteExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the SDK's Apache 5 and Netty clients on the class path (they are, for this module's tests),
 * a client built by {@link AwsClients} loads neither, while the SDK's defaults load Apache: the
 * baseline shows the check can fail. Each case runs in a fresh JVM with class loading logged.
 */
class HttpClientClassLoadingIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();

  @TempDir
  Path temp;

  @Test
  void awsClients_loadsNoApacheOrNettyClass() throws Exception {
    List<String> loaded = loadedClasses("slipstream");
    assertThat(loaded).anyMatch(c -> c.startsWith("software.amazon.awssdk.http.urlconnection."));
    assertThat(loaded).noneMatch(HttpClientClassLoadingIT::heavy);
  }

  @Test
  void sdkDefaults_loadApache_baseline() throws Exception {
    List<String> loaded = loadedClasses("sdk-default");
    assertThat(loaded).anyMatch(HttpClientClassLoadingIT::heavy);
  }

  private static boolean heavy(String className) {
    return className.startsWith("org.apache.hc.") || className.startsWith("org.apache.http.")
        || className.startsWith("io.netty.")
        || className.startsWith("software.amazon.awssdk.http.apache")
        || className.startsWith("software.amazon.awssdk.http.nio.netty.");
  }

  private List<String> loadedClasses(String mode) throws IOException, InterruptedException {
    Path log = temp.resolve(mode + "-classes.log");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log,
        "-cp", classPath,
        ClientClassLoadingProbe.class.getName(), mode, DYNALITE.endpoint().toString())
        .redirectErrorStream(true);
    builder.environment().put("AWS_REGION", "us-east-1");
    builder.environment().put("AWS_ACCESS_KEY_ID", "local");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
    builder.environment().put("AWS_ENDPOINT_URL_DYNAMODB", DYNALITE.endpoint().toString());
    builder.environment().remove("AWS_LAMBDA_FUNCTION_NAME");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("probe output: %s", output).isZero();
    assertThat(output).contains("tables=[]");
    try (var lines = Files.lines(log)) {
      // "[0.012s][info][class,load] java.lang.Object source: shared objects file"
      return lines.map(l -> l.replaceFirst("^(\\[[^]]*])+\\s*", ""))
          .map(l -> l.split(" ", 2)[0])
          .collect(Collectors.toList());
    }
  }
}
