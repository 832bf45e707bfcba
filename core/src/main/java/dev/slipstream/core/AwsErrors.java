package dev.slipstream.core;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Classifies failures of AWS SDK v2 calls, so that a breaker, a retry loop or a metric can tell a
 * caller's mistake from a struggling dependency.
 */
public final class AwsErrors {

  /** What kind of failure an exception is. */
  public enum Kind {
    /** The service asked the caller to slow down (HTTP 429, or a throttling error code). */
    THROTTLING,
    /** The service failed (HTTP 5xx). */
    SERVER,
    /** The request was wrong (HTTP 4xx other than throttling): retrying or tripping a breaker will not help. */
    CLIENT,
    /** No answer: a timeout or an I/O failure on the client side of the call. */
    TRANSIENT,
    /** Anything else, including exceptions that did not come from the SDK. */
    OTHER
  }

  /** Error codes AWS services use for throttling, beside HTTP 429. */
  static final Set<String> THROTTLING_CODES = Set.of(
      "ProvisionedThroughputExceededException",
      "ThrottlingException",
      "Throttling",
      "ThrottledException",
      "RequestLimitExceeded",
      "RequestThrottled",
      "RequestThrottledException",
      "TooManyRequestsException",
      "TransactionInProgressException",
      "BandwidthLimitExceeded",
      "LimitExceededException",
      "SlowDown",
      "EC2ThrottledException",
      "PriorRequestNotComplete");

  private AwsErrors() {}

  /** The kind of {@code error}; a null error is {@link Kind#OTHER}. */
  public static Kind classify(Throwable error) {
    if (error instanceof SdkServiceException) {
      SdkServiceException service = (SdkServiceException) error;
      if (service.isThrottlingException() || service.statusCode() == 429 || hasThrottlingCode(service)) {
        return Kind.THROTTLING;
      }
      int status = service.statusCode();
      if (status >= 500) {
        return Kind.SERVER;
      }
      if (status >= 400) {
        return Kind.CLIENT;
      }
      return Kind.OTHER;
    }
    if (error instanceof SdkClientException) {
      return Kind.TRANSIENT;
    }
    return Kind.OTHER;
  }

  /** Whether {@code error} is throttling. */
  public static boolean isThrottling(Throwable error) {
    return classify(error) == Kind.THROTTLING;
  }

  /**
   * Whether {@code error} says something about the dependency's health: everything but
   * {@link Kind#CLIENT}. A caller's bad request must never open a breaker for everyone else.
   */
  public static boolean countsAgainstDependency(Throwable error) {
    return classify(error) != Kind.CLIENT;
  }

  private static boolean hasThrottlingCode(SdkServiceException service) {
    if (service instanceof AwsServiceException) {
      AwsServiceException aws = (AwsServiceException) service;
      String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
      return code != null && THROTTLING_CODES.contains(code);
    }
    return false;
  }
}
