package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The run command's program end to end: start it in its own JVM, request a seeded user over HTTP,
 * stop it with SIGTERM (what Ctrl-C sends), and check that nothing it started is left running.
 */
class LocalRunnerIT {

  private static final Pattern PID = Pattern.compile("\\(pid (\\d+)\\)");
  private static final Pattern LISTENING = Pattern.compile("Listening on (http://\\S+)");
  private static final Pattern USER = Pattern.compile("curl -s (http://\\S+/users/[0-9a-f-]{36})$");

  @Test
  void start_serveSeededUser_stop_nothingLeft() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process runner = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, "dev.slipstream.examples.users.local.LocalRunner",
        "--port", "0", "--users", "100")
        .redirectErrorStream(true)
        .start();
    List<Long> children = new ArrayList<>();
    String base = null;
    String userUrl = null;
    List<String> output = new ArrayList<>();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(runner.getInputStream(),
          StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        Matcher pid = PID.matcher(line);
        if (pid.find()) {
          children.add(Long.parseLong(pid.group(1)));
        }
        Matcher listening = LISTENING.matcher(line);
        if (listening.find()) {
          base = listening.group(1);
        }
        Matcher user = USER.matcher(line.trim());
        if (user.find()) {
          userUrl = user.group(1);
          break;
        }
      }
      assertThat(base).as("runner output: %s", output).isNotNull();
      assertThat(userUrl).isNotNull();
      assertThat(children).as("dynalite and redis-server").hasSize(2);

      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(userUrl)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"user\"").contains("@example.com");
    } finally {
      runner.destroy(); // SIGTERM, as Ctrl-C
      assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    for (long pid : children) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("process %d stopped with the runner", pid).isFalse();
    }
  }
}
