package dev.slipstream.examples.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The part of API Gateway's proxy event (REST API, payload 1.0) this app reads, parsed by the
 * Jackson already in the jar: {@code aws-lambda-java-events} (with joda-time, 0.9 MB of the
 * deploy jar) only to name five fields was not worth it. Unknown fields are ignored, as API
 * Gateway adds some over time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ProxyRequest {

  private static final ObjectReader READER = UsersApi.JSON.readerFor(ProxyRequest.class)
      .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @JsonProperty private String httpMethod;
  @JsonProperty private String path;
  @JsonProperty private Map<String, String> headers;
  @JsonProperty private Map<String, String> queryStringParameters;
  @JsonProperty private String body;
  @JsonProperty private Boolean isBase64Encoded;

  /** Reads one event, as the Lambda runtime hands it to a stream handler. */
  static ProxyRequest read(InputStream json) throws IOException {
    return READER.readValue(json);
  }

  static ProxyRequest read(byte[] json) throws IOException {
    return READER.readValue(json);
  }

  public String getHttpMethod() {
    return httpMethod;
  }

  public String getPath() {
    return path;
  }

  public Map<String, String> getHeaders() {
    return headers;
  }

  public Map<String, String> getQueryStringParameters() {
    return queryStringParameters;
  }

  public String getBody() {
    return body;
  }

  public Boolean getIsBase64Encoded() {
    return isBase64Encoded;
  }

  public ProxyRequest withHttpMethod(String httpMethod) {
    this.httpMethod = httpMethod;
    return this;
  }

  public ProxyRequest withPath(String path) {
    this.path = path;
    return this;
  }

  public ProxyRequest withHeaders(Map<String, String> headers) {
    this.headers = headers;
    return this;
  }

  public ProxyRequest withQueryStringParameters(Map<String, String> queryStringParameters) {
    this.queryStringParameters = queryStringParameters;
    return this;
  }

  public ProxyRequest withBody(String body) {
    this.body = body;
    return this;
  }

  public ProxyRequest withIsBase64Encoded(Boolean isBase64Encoded) {
    this.isBase64Encoded = isBase64Encoded;
    return this;
  }
}
