package dev.slipstream.dynamo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's item-size rules (the "Item sizes and formats" page of the developer guide), used to
 * reject what DynamoDB would reject before anything is sent. Package-private.
 */
final class ItemSizes {

  /** DynamoDB's largest item: 400 KB. */
  static final int MAX_ITEM_BYTES = 400 * 1024;
  /** Largest partition key value. */
  static final int MAX_PARTITION_KEY_BYTES = 2048;
  /** Largest sort key value. */
  static final int MAX_SORT_KEY_BYTES = 1024;
  /** Largest request. */
  static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

  private ItemSizes() {}

  /** The size of an item: each attribute's name in UTF-8 plus its value. */
  static long itemSize(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8Length(e.getKey()) + valueSize(e.getValue());
    }
    return size;
  }

  static long valueSize(AttributeValue value) {
    if (value == null) {
      return 0;
    }
    switch (value.type()) {
      case S:
        return utf8Length(value.s());
      case N:
        return numberSize(value.n());
      case B:
        return value.b().asByteArrayUnsafe().length;
      case BOOL:
      case NUL:
        return 1;
      case SS:
        return value.ss().stream().mapToLong(ItemSizes::utf8Length).sum();
      case NS:
        return value.ns().stream().mapToLong(ItemSizes::numberSize).sum();
      case BS:
        return value.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
      case L: {
        long size = 3; // list overhead
        List<AttributeValue> list = value.l();
        for (AttributeValue element : list) {
          size += 1 + valueSize(element);
        }
        return size;
      }
      case M: {
        long size = 3; // map overhead
        for (Map.Entry<String, AttributeValue> e : value.m().entrySet()) {
          size += 1 + utf8Length(e.getKey()) + valueSize(e.getValue());
        }
        return size;
      }
      default:
        return 0;
    }
  }

  /** About one byte per two significant digits, plus one. */
  static long numberSize(String number) {
    try {
      BigDecimal decimal = new BigDecimal(number.trim()).stripTrailingZeros();
      int digits = decimal.unscaledValue().abs().toString().length();
      return (digits + 1) / 2 + 1;
    } catch (NumberFormatException e) {
      return number.length(); // DynamoDB rejects it; the size hardly matters
    }
  }

  /** The size of a key attribute's value, for the key-length limits. */
  static long keyValueSize(AttributeValue value) {
    switch (value.type()) {
      case S:
        return utf8Length(value.s());
      case B:
        return value.b().asByteArrayUnsafe().length;
      case N:
        return numberSize(value.n());
      default:
        return valueSize(value);
    }
  }

  static long utf8Length(String s) {
    // Counting beats encoding: no garbage on the hot path of a 10,000-item batch.
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
