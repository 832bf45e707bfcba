package dev.slipstream.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Credentials from a container endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, with the token
 * of {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} or {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}),
 * as Lambda gives them to a SnapStart function. Read from an {@link Environment}, so that it works
 * for any configured environment and not only the process's (the SDK's own provider reads the
 * process environment only). Cached until five minutes before they expire; fetched on the calling
 * thread, no refresh thread (a frozen instance would not run it). Like the SDK, only HTTPS or a
 * loopback, ECS or EKS address is accepted. Package-private.
 */
final class ContainerCredentials implements AwsCredentialsProvider {

  static final String TOKEN_VARIABLE = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
  static final String TOKEN_FILE_VARIABLE = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
  private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
  private static final int TIMEOUT_MILLIS = 2_000;
  private static final Set<String> CONTAINER_HOSTS = Set.of("169.254.170.2", "169.254.170.23",
      "fd00:ec2:0:0:0:0:0:23");

  private final URI uri;
  private final Environment environment;
  private final Clock clock;
  private AwsSessionCredentials cached; // guarded by this

  ContainerCredentials(URI uri, Environment environment, Clock clock) {
    this.uri = checkHost(uri);
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public synchronized AwsCredentials resolveCredentials() {
    Instant now = clock.instant();
    if (cached == null || cached.expirationTime().map(e -> now.isAfter(e.minus(REFRESH_BEFORE_EXPIRY)))
        .orElse(false)) {
      cached = fetch();
    }
    return cached;
  }

  private AwsSessionCredentials fetch() {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      token().ifPresent(t -> connection.setRequestProperty("Authorization", t));
      int status = connection.getResponseCode();
      if (status != 200) {
        throw failure("HTTP " + status, null);
      }
      String body;
      try (InputStream in = connection.getInputStream()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      AwsSessionCredentials.Builder credentials = AwsSessionCredentials.builder()
          .accessKeyId(field(body, "AccessKeyId"))
          .secretAccessKey(field(body, "SecretAccessKey"))
          .sessionToken(field(body, "Token"));
      String expiration = optionalField(body, "Expiration");
      if (expiration != null) {
        credentials.expirationTime(Instant.parse(expiration));
      }
      return credentials.build();
    } catch (IOException | RuntimeException e) {
      if (e instanceof SdkClientException sdk) {
        throw sdk;
      }
      throw failure(e.toString(), e);
    }
  }

  private Optional<String> token() throws IOException {
    Optional<String> token = environment.get(TOKEN_VARIABLE);
    if (token.isPresent()) {
      return token;
    }
    Optional<String> file = environment.get(TOKEN_FILE_VARIABLE);
    if (file.isPresent()) {
      return Optional.of(Files.readString(Path.of(file.get())).strip());
    }
    return Optional.empty();
  }

  private SdkClientException failure(String why, Throwable cause) {
    // "Unable to load credentials" is what AwsErrors recognizes as a credentials failure.
    return SdkClientException.builder().message("Unable to load credentials from the container"
        + " endpoint " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + ": " + why)
        .cause(cause).build();
  }

  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static String field(String json, String name) {
    String value = optionalField(json, name);
    if (value == null) {
      throw new IllegalStateException("the answer has no " + name);
    }
    return value;
  }

  /** The string value of a top-level field of a flat JSON object; enough for this one answer. */
  private static String optionalField(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*" + QUOTED.pattern())
        .matcher(json);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\/", "/").replace("\\\\", "\\")
        : null;
  }

  private static URI checkHost(URI uri) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return uri;
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalStateException("AWS_CONTAINER_CREDENTIALS_FULL_URI must be an http(s) URI,"
          + " but was '" + uri + "'");
    }
    try {
      InetAddress address = InetAddress.getByName(uri.getHost());
      if (address.isLoopbackAddress() || CONTAINER_HOSTS.contains(address.getHostAddress())) {
        return uri;
      }
    } catch (UnknownHostException e) {
      // rejected below
    }
    throw new IllegalStateException("AWS_CONTAINER_CREDENTIALS_FULL_URI over plain http must"
        + " point at a loopback, ECS or EKS address, but was '" + uri.getHost() + "'");
  }
}
