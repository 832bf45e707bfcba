package dev.slipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessTest {

  @Test
  void start_exitsBeforeReady_failsWithItsOutput() {
    assertThatThrownBy(() -> ServerProcess.start("broken",
        List.of("sh", "-c", "echo port already in use; exit 3"), "Ready", Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broken did not become ready")
        .hasMessageContaining("port already in use");
  }

  @Test
  void start_printsMarker_isReadyAndStops() {
    ServerProcess process = ServerProcess.start("sleeper",
        List.of("sh", "-c", "echo listening now; exec cat"), "listening", Duration.ofSeconds(10));
    assertThat(process.isAlive()).isTrue();
    process.pause();
    assertThat(process.isPaused()).isTrue();
    process.stop(); // a paused process must still stop
    assertThat(process.isAlive()).isFalse();
  }

  @Test
  void dynalite_missing_explainsHowToInstall() {
    String previous = System.getProperty(Binaries.ROOT_PROPERTY);
    System.setProperty(Binaries.ROOT_PROPERTY, "/nonexistent-slipstream-root");
    try {
      assertThatThrownBy(Binaries::dynalite)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("npm ci --prefix /nonexistent-slipstream-root/test-support");
    } finally {
      if (previous == null) {
        System.clearProperty(Binaries.ROOT_PROPERTY);
      } else {
        System.setProperty(Binaries.ROOT_PROPERTY, previous);
      }
    }
  }

  @Test
  void freePorts_respectsMaximum() {
    assertThat(FreePorts.find(55535)).isBetween(1, 55535);
  }
}
