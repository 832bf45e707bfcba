package dev.slipstream.core;

import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The process-wide HTTP clients; package-private, reached through {@link AwsClients}. */
final class SharedHttpClients {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
  private static final String CRT_CLASS = "software.amazon.awssdk.http.crt.AwsCrtHttpClient";

  private static final Lazy<SdkHttpClient> URL_CONNECTION = Lazy.of(() ->
      UrlConnectionHttpClient.builder()
          .connectionTimeout(CONNECT_TIMEOUT)
          .socketTimeout(SOCKET_TIMEOUT)
          .build());

  // Looked up by name so that core compiles and runs without aws-crt-client on the class path.
  private static final Lazy<SdkHttpClient> CRT = Lazy.of(() -> {
    try {
      Class<?> type = Class.forName(CRT_CLASS);
      return (SdkHttpClient) type.getMethod("create").invoke(null);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(ClientSetup.HTTP_CLIENT_VARIABLE + "=crt needs"
          + " software.amazon.awssdk:aws-crt-client on the class path, but " + CRT_CLASS
          + " was not found", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not create the AWS CRT HTTP client", e);
    }
  });

  private SharedHttpClients() {}

  static SdkHttpClient urlConnection() {
    return URL_CONNECTION.get();
  }

  static SdkHttpClient crt() {
    return CRT.get();
  }
}
