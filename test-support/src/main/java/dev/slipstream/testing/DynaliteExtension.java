package dev.slipstream.testing;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A real, in-memory dynalite (the DynamoDB API, from npm) on a free loopback port. Tables are
 * created, updated and deleted at once. Point an SDK client at {@link #endpoint()} with any region
 * and any static credentials.
 *
 * <p>The {@code .bin/dynalite} script is run directly: killing an {@code npx} wrapper would leave
 * the node server orphaned.
 */
public final class DynaliteExtension extends ServerExtension {

  /** A server with no tables. */
  public DynaliteExtension() {
    super("dynalite");
  }

  @Override
  List<String> command(int port) {
    return List.of(Binaries.dynalite().toString(),
        "--host", "127.0.0.1",
        "--port", String.valueOf(port),
        "--createTableMs", "0",
        "--deleteTableMs", "0",
        "--updateTableMs", "0");
  }

  @Override
  String readyMarker() {
    return "Dynalite listening at";
  }

  /**
   * The environment a Lambda function would see, pointed at this server: {@code AWS_REGION},
   * static test credentials and {@code AWS_ENDPOINT_URL_DYNAMODB}; feed it to core's
   * {@code Environment.of(...)}.
   */
  public Map<String, String> awsEnvironment() {
    return Map.of(
        "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "dynalite",
        "AWS_SECRET_ACCESS_KEY", "dynalite",
        "AWS_ENDPOINT_URL_DYNAMODB", endpoint().toString());
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://" + host() + ":" + port());
  }
}
