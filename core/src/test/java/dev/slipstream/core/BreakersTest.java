package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakersTest {

  @Test
  void forDependency_sameName_sameBreaker() {
    assertThat(Breakers.forDependency("dynamodb:BreakersTest"))
        .isSameAs(Breakers.forDependency("dynamodb:BreakersTest"));
  }

  @Test
  void preset_tripsAfterMinimumCallsOfServerErrors() {
    CircuitBreaker breaker = Breakers.standalone("server-errors");
    for (int i = 0; i < Breakers.MINIMUM_CALLS - 1; i++) {
      breaker.onError(1, TimeUnit.MILLISECONDS, AwsErrorsTest.serviceError(500, "InternalError"));
    }
    assertThat(breaker.getState()).isEqualTo(State.CLOSED);
    breaker.onError(1, TimeUnit.MILLISECONDS, AwsErrorsTest.serviceError(500, "InternalError"));
    assertThat(breaker.getState()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquirePermission()).isFalse();
  }

  @Test
  void preset_clientErrorsNeverTrip() {
    CircuitBreaker breaker = Breakers.standalone("client-errors");
    for (int i = 0; i < 50; i++) {
      breaker.onError(1, TimeUnit.MILLISECONDS, AwsErrorsTest.serviceError(400, "ValidationException"));
    }
    assertThat(breaker.getState()).isEqualTo(State.CLOSED);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void preset_throttlingTrips() {
    CircuitBreaker breaker = Breakers.standalone("throttled");
    for (int i = 0; i < Breakers.MINIMUM_CALLS; i++) {
      breaker.onError(1, TimeUnit.MILLISECONDS,
          AwsErrorsTest.serviceError(400, "ProvisionedThroughputExceededException"));
    }
    assertThat(breaker.getState()).isEqualTo(State.OPEN);
  }

  @Test
  void preset_isSmallerThanResilience4jDefaults() {
    assertThat(Breakers.preset().getMinimumNumberOfCalls()).isEqualTo(5);
    assertThat(Breakers.preset().getSlidingWindowSize()).isEqualTo(10);
    assertThat(Breakers.preset().isAutomaticTransitionFromOpenToHalfOpenEnabled()).isFalse();
  }
}
