package dev.slipstream.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizesTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "héllo", "日本語", "emoji 😀 pair", "\uD800 lone surrogate"})
  void utf8Length_matchesEncoder(String text) {
    // A lone surrogate encodes as '?' (1 byte) but DynamoDB would reject it anyway; we count 3.
    long expected = text.contains("\uD800") ? text.getBytes(StandardCharsets.UTF_8).length + 2
        : text.getBytes(StandardCharsets.UTF_8).length;
    assertThat(ItemSizes.utf8Length(text)).isEqualTo(expected);
  }

  @Test
  void itemSize_followsDynamoRules() {
    Map<String, AttributeValue> item = Map.of(
        "id", AttributeValue.fromS("abc"),                      // 2 + 3
        "n", AttributeValue.fromN("12345"),                     // 1 + 4 (5 digits -> 3 + 1)
        "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])), // 1 + 10
        "ok", AttributeValue.fromBool(true),                    // 2 + 1
        "l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"))), // 1 + 3 + 1 + 1
        "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v")))); // 1 + 3 + 1 + 1 + 1
    assertThat(ItemSizes.itemSize(item)).isEqualTo(5 + 5 + 11 + 3 + 6 + 7);
  }

  @Test
  void numberSize_countsSignificantDigits() {
    assertThat(ItemSizes.numberSize("0")).isEqualTo(2);
    assertThat(ItemSizes.numberSize("1000000")).isEqualTo(2); // trailing zeros are not significant
    assertThat(ItemSizes.numberSize("-123.456")).isEqualTo(4);
  }
}
