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
    /**
     * The call was never made: no credentials could be loaded. Retrying soon will not help and the
     * dependency is not at fault, so it trips no breaker.
     */
    CREDENTIALS,
    /** Anything else, including exceptions that did not come from the SDK. */
    OTHER
  }

  /**
   * Error codes AWS services use for throttling, beside HTTP 429. Not among them:
   * {@code TransactionInProgressException} (a conflicting transaction; DynamoDB answers 400 and a
   * retry after backoff may succeed, but it says nothing of capacity) and
   * {@code LimitExceededException} (an account or control-plane limit, such as too many tables
   * being created: slowing down does not lift it).
   */
  static final Set<String> THROTTLING_CODES = Set.of(
      "ProvisionedThroughputExceededException",
      "ThrottlingException",
      "Throttling",
      "ThrottledException",
      "RequestLimitExceeded",
      "RequestThrottled",
      "RequestThrottledException",
      "TooManyRequestsException",
      "BandwidthLimitExceeded",
      "SlowDown",
      "EC2ThrottledException",
      "PriorRequestNotComplete");

  /** Codes the SDK itself counts as throttling that are not (see {@link #THROTTLING_CODES}). */
  static final Set<String> NOT_THROTTLING_CODES = Set.of(
      "TransactionInProgressException",
      "LimitExceededException");

  private AwsErrors() {}

  /**
   * The kind of {@code error}; a null error is {@link Kind#OTHER}.
   *
   * @param error what a call threw; may be null
   * @return its kind
   */
  public static Kind classify(Throwable error) {
    if (error instanceof SdkServiceException) {
      SdkServiceException service = (SdkServiceException) error;
      String code = errorCode(service);
      boolean notThrottling = code != null && NOT_THROTTLING_CODES.contains(code);
      if (!notThrottling && (service.isThrottlingException() || service.statusCode() == 429
          || (code != null && THROTTLING_CODES.contains(code)))) {
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
      return isCredentialsFailure(error) ? Kind.CREDENTIALS : Kind.TRANSIENT;
    }
    return Kind.OTHER;
  }

  /**
   * The SDK reports a credentials failure as a plain {@code SdkClientException} ("Unable to load
   * credentials from …"); its providers' own exceptions carry the same words in their messages.
   */
  private static boolean isCredentialsFailure(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      String message = e.getMessage();
      if (message != null && (message.startsWith("Unable to load credentials")
          || message.startsWith("Failed to load credentials"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code error} is throttling.
   *
   * @param error what a call threw; may be null
   * @return true if DynamoDB or another AWS service throttled the call
   */
  public static boolean isThrottling(Throwable error) {
    return classify(error) == Kind.THROTTLING;
  }

  /**
   * Whether {@code error} says something about the dependency's health: everything but
   * {@link Kind#CLIENT} and {@link Kind#CREDENTIALS}. A caller's bad request, or a function that
   * cannot sign its requests, must never open a breaker for everyone else.
   *
   * @param error what a call threw; may be null
   * @return true if the failure should count against the dependency's breaker
   */
  public static boolean countsAgainstDependency(Throwable error) {
    Kind kind = classify(error);
    return kind != Kind.CLIENT && kind != Kind.CREDENTIALS;
  }

  private static String errorCode(SdkServiceException service) {
    if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().errorCode();
    }
    return null;
  }
}
