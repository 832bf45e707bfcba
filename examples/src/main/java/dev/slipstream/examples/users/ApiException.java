package dev.slipstream.examples.users;

import java.util.Map;

/** An error with the HTTP status and JSON fields the client gets. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, Object> details;

  ApiException(int status, String message) {
    this(status, message, Map.of());
  }

  ApiException(int status, String message, Map<String, Object> details) {
    super(message, null, false, false); // no stack trace: this is an answer, not a bug
    this.status = status;
    this.details = details;
  }

  int status() {
    return status;
  }

  Map<String, Object> details() {
    return details;
  }
}
