package dev.slipstream.examples.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * API Gateway's proxy response (REST API, payload 1.0): status, headers, body; written by the
 * Jackson already in the jar (see {@link ProxyRequest}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ProxyResponse {

  private static final ObjectWriter WRITER = UsersApi.JSON.writerFor(ProxyResponse.class);

  private Integer statusCode;
  private Map<String, String> headers;
  private String body;

  /** Writes this response, as the Lambda runtime expects it from a stream handler. */
  void writeTo(OutputStream out) throws IOException {
    WRITER.writeValue(out, this);
  }

  public Integer getStatusCode() {
    return statusCode;
  }

  public Map<String, String> getHeaders() {
    return headers;
  }

  public String getBody() {
    return body;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  public ProxyResponse withStatusCode(Integer statusCode) {
    this.statusCode = statusCode;
    return this;
  }

  public ProxyResponse withHeaders(Map<String, String> headers) {
    this.headers = headers;
    return this;
  }

  public ProxyResponse withBody(String body) {
    this.body = body;
    return this;
  }
}
