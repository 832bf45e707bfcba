package dev.slipstream.metrics;

import java.nio.charset.StandardCharsets;

/**
 * The pieces of EMF one metric always writes the same way, made once per metric instead of once
 * per flush: its entry in the directive's {@code Metrics} list, and the key its values follow.
 * Package-private.
 */
final class EmfParts {

  /** {@code {"Name":"…","Unit":"…"}} in UTF-8, with {@code "StorageResolution":1} if high. */
  final byte[] definition;
  /** {@code ,"…":} in UTF-8. */
  final byte[] key;

  private EmfParts(byte[] definition, byte[] key) {
    this.definition = definition;
    this.key = key;
  }

  static EmfParts of(String name, Unit unit, Resolution resolution) {
    String quoted = Json.quoted(name);
    String definition = "{\"Name\":" + quoted + ",\"Unit\":\"" + unit.cloudWatchName() + '"'
        + (resolution == Resolution.HIGH ? ",\"StorageResolution\":1}" : "}");
    return new EmfParts(definition.getBytes(StandardCharsets.UTF_8),
        (',' + quoted + ':').getBytes(StandardCharsets.UTF_8));
  }
}
