package dev.slipstream.examples.users;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque listing cursors: the last key of a page and the status queried, signed with HMAC-SHA256,
 * so that a client can neither forge a position nor turn one query's cursor into another's.
 * Thread-safe.
 */
final class Cursors {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private final byte[] secret;

  Cursors(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalStateException("CURSOR_SECRET must be at least 16 bytes, but was "
          + secret.length);
    }
    this.secret = secret.clone();
  }

  /** A cursor for the page after {@code lastKey} in the listing of {@code status}. */
  String encode(String status, Map<String, AttributeValue> lastKey) {
    String payload = status + "\n" + lastKey.get("id").s() + "\n" + lastKey.get("createdAt").n();
    String body = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return body + "." + ENCODER.encodeToString(sign(body));
  }

  /**
   * The key to start after.
   *
   * @throws ApiException 400 if the cursor was altered, is malformed, or belongs to another status
   */
  Map<String, AttributeValue> decode(String status, String cursor) {
    int dot = cursor.indexOf('.');
    if (dot <= 0) {
      throw invalid();
    }
    String body = cursor.substring(0, dot);
    byte[] signature;
    String payload;
    try {
      signature = DECODER.decode(cursor.substring(dot + 1));
      payload = new String(DECODER.decode(body), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!MessageDigest.isEqual(signature, sign(body))) {
      throw invalid();
    }
    String[] parts = payload.split("\n", -1);
    if (parts.length != 3) {
      throw invalid();
    }
    if (!parts[0].equals(status)) {
      throw new ApiException(400, "cursor belongs to a listing of status '" + parts[0]
          + "', not '" + status + "'");
    }
    return Map.of("id", AttributeValue.fromS(parts[1]),
        "status", AttributeValue.fromS(parts[0]),
        "createdAt", AttributeValue.fromN(parts[2]));
  }

  private static ApiException invalid() {
    return new ApiException(400, "cursor is not valid: pass back the nextCursor of a previous page"
        + " unchanged");
  }

  private byte[] sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
