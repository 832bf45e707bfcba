package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CursorsTest {

  private final Cursors cursors = new Cursors("sixteen-bytes-secret".getBytes(StandardCharsets.UTF_8));
  private final Map<String, AttributeValue> lastKey = Map.of(
      "id", AttributeValue.fromS("0b6f1d7e-6c5a-4b8e-9d3f-2a1c4e5f6a7b"),
      "status", AttributeValue.fromS("active"),
      "createdAt", AttributeValue.fromN("1764201600000"));

  @Test
  void roundTrip_sameQuery() {
    String cursor = cursors.encode("active", lastKey);
    assertThat(cursors.decode("active", cursor)).isEqualTo(lastKey);
  }

  @Test
  void otherQuery_rejected() {
    String cursor = cursors.encode("active", lastKey);
    assertThatThrownBy(() -> cursors.decode("invited", cursor))
        .isInstanceOf(ApiException.class).hasMessageContaining("belongs to a listing of status");
  }

  @Test
  void forgedOrGarbled_rejected() {
    String cursor = cursors.encode("active", lastKey);
    Cursors otherSecret = new Cursors("another-secret-16b".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> otherSecret.decode("active", cursor)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> cursors.decode("active", "garbage")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> cursors.decode("active", "a.b")).isInstanceOf(ApiException.class);
  }

  @Test
  void shortSecret_refused() {
    assertThatThrownBy(() -> new Cursors(new byte[8]))
        .hasMessage("CURSOR_SECRET must be at least 16 bytes, but was 8");
  }

  @Test
  void validation_uuidAndEmail() {
    assertThat(Validation.userId("0B6F1D7E-6C5A-4B8E-9D3F-2A1C4E5F6A7B"))
        .isEqualTo("0b6f1d7e-6c5a-4b8e-9d3f-2a1c4e5f6a7b");
    assertThatThrownBy(() -> Validation.userId("123")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> Validation.input(new UserInput(null, "n", "a@b", "active"), ""))
        .hasMessageContaining("email");
  }
}
