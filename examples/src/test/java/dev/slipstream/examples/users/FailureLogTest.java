package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What reaches the log when requests fail: fixed route names, bounded traces, clean messages. */
class FailureLogTest {

  private static ProxyRequest request(String method, String path) {
    return new ProxyRequest().withHttpMethod(method).withPath(path);
  }

  @Test
  void route_isMadeOfFixedWordsOnly_neverRequestText() {
    assertThat(UsersApi.route(request("GET", "/users/abc-123"))).isEqualTo("GET /users/{id}");
    assertThat(UsersApi.route(request("POST", "/users/import/"))).isEqualTo("POST /users/import");
    assertThat(UsersApi.route(request("GET", "/users"))).isEqualTo("GET /users");
    // What %0A in a path decodes to: a forged log line, if the path were the label.
    assertThat(UsersApi.route(request("GET", "/x\n2026-12-01 ERROR admin logged in")))
        .isEqualTo("GET (other)");
    assertThat(UsersApi.route(request("GET", "/users/a/b"))).isEqualTo("GET (other)");
    assertThat(UsersApi.route(request("BREW\r\nX", "/users"))).isEqualTo("OTHER /users");
    assertThat(UsersApi.route(request(null, null))).isEqualTo("OTHER (other)");
  }

  @Test
  void stackTraces_atMostOncePerTenSecondsPerKind() {
    AtomicLong now = new AtomicLong(1_000_000);
    FailureLog failures = new FailureLog(LoggerFactory.getLogger(FailureLogTest.class), now::get);
    assertThat(failures.takeTrace(IllegalStateException.class)).isTrue();
    assertThat(failures.takeTrace(IllegalStateException.class)).isFalse();
    assertThat(failures.takeTrace(IllegalArgumentException.class)).as("another kind").isTrue();
    now.addAndGet(FailureLog.STACK_TRACE_EVERY_MILLIS - 1);
    assertThat(failures.takeTrace(IllegalStateException.class)).isFalse();
    now.addAndGet(1);
    assertThat(failures.takeTrace(IllegalStateException.class)).isTrue();
  }

  @Test
  void messages_cutAndFreeOfControlCharacters() {
    assertThat(FailureLog.printable("key 'a\nERROR forged\r' bad\u2028")).isEqualTo(
        "key 'a?ERROR forged?' bad?");
    assertThat(FailureLog.printable("x".repeat(500))).hasSize(201).endsWith("…");
  }

  @Test
  void dependencyFailures_oneStatusPerKind_whicheverRoute() {
    assertThat(UsersApi.statusFor(software.amazon.awssdk.core.exception.ApiCallTimeoutException
        .builder().message("api call timed out").build())).isEqualTo(504);
    assertThat(UsersApi.statusFor(new IllegalStateException("wrapped",
        software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.builder()
            .message("attempt timed out").build()))).as("as a cause").isEqualTo(504);
    assertThat(UsersApi.statusFor(software.amazon.awssdk.core.exception.SdkClientException
        .create("connection refused"))).isEqualTo(502);
    assertThat(UsersApi.statusFor(io.github.resilience4j.circuitbreaker.CallNotPermittedException
        .createCallNotPermittedException(
            io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("dynamodb"))))
        .isEqualTo(503);
  }

  /** Keeps what was logged, formatted as SLF4J would. */
  private static final class CapturingLogger extends org.slf4j.helpers.LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final java.util.List<String> lines = new java.util.ArrayList<>();

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(org.slf4j.event.Level level,
        org.slf4j.Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      lines.add(level + " " + org.slf4j.helpers.MessageFormatter.basicArrayFormat(pattern,
          arguments));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }

  @Test
  void percentZeroALadenPath_leavesOneSanitizedLine() {
    CapturingLogger log = new CapturingLogger();
    FailureLog failures = new FailureLog(log, () -> 0);
    ProxyRequest forged = request("GET",
        "/users/x\n2026-12-01 12:00:00 ERROR admin password reset\r\n");
    failures.log("Dependency failed", UsersApi.route(forged),
        new IllegalStateException("key 'x\nERROR forged' rejected"));
    assertThat(log.lines).hasSize(1);
    assertThat(log.lines.get(0)).doesNotContain("\n").doesNotContain("\r")
        .isEqualTo("ERROR Dependency failed for GET /users/{id}: java.lang.IllegalStateException: key"
            + " 'x?ERROR forged' rejected");
  }
}
