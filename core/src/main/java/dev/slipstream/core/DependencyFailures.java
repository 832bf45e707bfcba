package dev.slipstream.core;

/**
 * The breaker presets' test of whether a failure says something about a dependency's health,
 * safe without the AWS SDK on the class path: with it, {@link AwsErrors} decides (a caller's 4xx,
 * or missing credentials, trips nothing); without it, every failure counts. Package-private.
 */
final class DependencyFailures {

  private static final boolean AWS_SDK = present("software.amazon.awssdk.core.exception.SdkException");

  private DependencyFailures() {}

  static boolean countsAgainstDependency(Throwable error) {
    return !AWS_SDK || AwsErrors.countsAgainstDependency(error);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, DependencyFailures.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
