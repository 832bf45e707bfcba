package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.AwsErrors.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

  static AwsServiceException serviceError(int status, String code) {
    return AwsServiceException.builder()
        .statusCode(status)
        .message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("DynamoDb").build())
        .build();
  }

  @ParameterizedTest
  @CsvSource({
      "400, ProvisionedThroughputExceededException, THROTTLING",
      "400, ThrottlingException, THROTTLING",
      "400, RequestLimitExceeded, THROTTLING",
      "429, SomethingElse, THROTTLING",
      "500, InternalServerError, SERVER",
      "503, ServiceUnavailable, SERVER",
      "400, ValidationException, CLIENT",
      "400, ResourceNotFoundException, CLIENT",
      "403, AccessDeniedException, CLIENT",
      "400, TransactionInProgressException, CLIENT",
      "400, LimitExceededException, CLIENT"})
  void classify_serviceErrors(int status, String code, Kind expected) {
    assertThat(AwsErrors.classify(serviceError(status, code))).as(code).isEqualTo(expected);
  }

  @Test
  void classify_errorWithoutCode_byStatusAlone() {
    AwsServiceException bare500 = AwsServiceException.builder().statusCode(500)
        .awsErrorDetails(AwsErrorDetails.builder().build()).build();
    AwsServiceException noDetails = AwsServiceException.builder().statusCode(503).build();
    assertThat(AwsErrors.classify(bare500)).isEqualTo(Kind.SERVER);
    assertThat(AwsErrors.classify(noDetails)).isEqualTo(Kind.SERVER);
  }

  @Test
  void classify_clientSideFailures_areTransient() {
    assertThat(AwsErrors.classify(SdkClientException.create("connection reset")))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(AwsErrors.classify(ApiCallTimeoutException.create(100))).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void classify_credentialsFailure_isNotTransient_andTripsNothing() {
    SdkClientException noCredentials = SdkClientException.builder()
        .message("Unable to load credentials from any of the providers in the chain").build();
    SdkClientException wrapped = SdkClientException.builder().message("call failed")
        .cause(SdkClientException.create("Failed to load credentials from IMDS.")).build();
    assertThat(AwsErrors.classify(noCredentials)).isEqualTo(Kind.CREDENTIALS);
    assertThat(AwsErrors.classify(wrapped)).isEqualTo(Kind.CREDENTIALS);
    assertThat(AwsErrors.countsAgainstDependency(noCredentials)).isFalse();
  }

  @Test
  void classify_foreignOrNull_isOther() {
    assertThat(AwsErrors.classify(new IllegalStateException())).isEqualTo(Kind.OTHER);
    assertThat(AwsErrors.classify(null)).isEqualTo(Kind.OTHER);
  }

  @Test
  void countsAgainstDependency_everythingButClientErrors() {
    assertThat(AwsErrors.countsAgainstDependency(serviceError(400, "ValidationException"))).isFalse();
    assertThat(AwsErrors.countsAgainstDependency(serviceError(500, "InternalServerError"))).isTrue();
    assertThat(AwsErrors.countsAgainstDependency(serviceError(400, "ThrottlingException"))).isTrue();
    assertThat(AwsErrors.isThrottling(serviceError(400, "ThrottlingException"))).isTrue();
  }
}
