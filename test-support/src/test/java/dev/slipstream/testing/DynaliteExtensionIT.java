package dev.slipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynaliteExtensionIT {

  @RegisterExtension
  static final DynaliteExtension DYNALITE = new DynaliteExtension();

  @Test
  void listTables_freshServer_answersEmptyList() throws IOException, InterruptedException {
    HttpResponse<String> response = listTables(DYNALITE.endpoint());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"TableNames\":[]");
  }

  @Test
  void stop_thenStart_servesAgain() throws IOException, InterruptedException {
    DYNALITE.stop();
    assertThat(DYNALITE.isRunning()).isFalse();
    DYNALITE.start();
    assertThat(listTables(DYNALITE.endpoint()).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> listTables(URI endpoint)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/"
            + "aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
        .header("X-Amz-Date", "20260101T000000Z")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
