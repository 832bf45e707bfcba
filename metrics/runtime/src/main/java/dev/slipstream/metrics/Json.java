package dev.slipstream.metrics;

/** Just enough JSON writing for EMF, so that the metrics jar needs no JSON library. Package-private. */
final class Json {

  private Json() {}

  static void string(StringBuilder out, String value) {
    if (plain(value)) {
      out.append('"').append(value).append('"');
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** {@code value} as a JSON string, quotes included. */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    string(out, value);
    return out.toString();
  }

  /** Whether nothing in {@code value} needs escaping. */
  private static boolean plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
