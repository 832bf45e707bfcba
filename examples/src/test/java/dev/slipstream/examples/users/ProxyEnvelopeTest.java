package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The envelope the stream handler reads and writes, as API Gateway (REST API, payload 1.0) sends
 * and expects it: the fields the app uses, those it does not (ignored), and the response's shape.
 */
class ProxyEnvelopeTest {

  /** Shaped like AWS's documented sample event, with the fields the app has no use for. */
  private static final String EVENT = "{"
      + "\"resource\":\"/users/{id}\",\"path\":\"/users/42\",\"httpMethod\":\"PUT\","
      + "\"headers\":{\"Content-Type\":\"application/json\",\"X-Trace\":\"a\"},"
      + "\"multiValueHeaders\":{\"Content-Type\":[\"application/json\"]},"
      + "\"queryStringParameters\":{\"limit\":\"5\"},"
      + "\"multiValueQueryStringParameters\":{\"limit\":[\"5\"]},"
      + "\"pathParameters\":{\"id\":\"42\"},\"stageVariables\":null,"
      + "\"requestContext\":{\"requestId\":\"c6af9ac6\",\"identity\":{\"sourceIp\":\"1.2.3.4\"},"
      + "\"authorizer\":{\"claims\":{\"sub\":\"u1\"}}},"
      + "\"body\":\"eyJuYW1lIjoiQWRhIn0=\",\"isBase64Encoded\":true}";

  @Test
  void read_takesTheFieldsTheAppUses_andIgnoresTheRest() throws Exception {
    ProxyRequest request = ProxyRequest.read(EVENT.getBytes(StandardCharsets.UTF_8));

    assertThat(request.getHttpMethod()).isEqualTo("PUT");
    assertThat(request.getPath()).isEqualTo("/users/42");
    assertThat(request.getHeaders()).containsEntry("Content-Type", "application/json")
        .containsEntry("X-Trace", "a");
    assertThat(request.getQueryStringParameters()).containsExactly(Map.entry("limit", "5"));
    assertThat(request.getBody()).isEqualTo("eyJuYW1lIjoiQWRhIn0=");
    assertThat(request.getIsBase64Encoded()).isTrue();
  }

  @Test
  void read_nullMapsAndAbsentFields_stayNull() throws Exception {
    ProxyRequest request = ProxyRequest.read(("{\"httpMethod\":\"GET\",\"path\":\"/users\","
        + "\"headers\":null,\"queryStringParameters\":null,\"body\":null}")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(request.getHeaders()).isNull();
    assertThat(request.getQueryStringParameters()).isNull();
    assertThat(request.getBody()).isNull();
    assertThat(request.getIsBase64Encoded()).isNull();
  }

  @Test
  void read_notAnEvent_fails() {
    assertThatThrownBy(() -> ProxyRequest.read("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void writeTo_writesStatusHeadersAndBody_andLeavesOutWhatIsUnset() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ProxyResponse().withStatusCode(201)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody("{\"id\":\"42\"}")
        .writeTo(out);
    JsonNode written = new ObjectMapper().readTree(out.toByteArray());

    assertThat(written.get("statusCode").intValue()).isEqualTo(201);
    assertThat(written.get("headers").get("Content-Type").textValue())
        .isEqualTo("application/json");
    assertThat(written.get("body").textValue()).isEqualTo("{\"id\":\"42\"}");
    assertThat(written.size()).isEqualTo(3);

    out.reset();
    new ProxyResponse().withStatusCode(204).writeTo(out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"statusCode\":204}");
  }
}
