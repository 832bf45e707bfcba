package dev.slipstream.metrics;

/**
 * The pieces of EMF one metric always writes the same way, made once per metric instead of once
 * per flush: its entry in the directive's {@code Metrics} list, and the key its values follow.
 * Package-private.
 *
 * @param definition {@code {"Name":"…","Unit":"…"}}, with {@code "StorageResolution":1} if high
 * @param key {@code ,"…":}
 */
record EmfParts(String definition, String key) {

  static EmfParts of(String name, Unit unit, Resolution resolution) {
    String quoted = Json.quoted(name);
    String definition = "{\"Name\":" + quoted + ",\"Unit\":\"" + unit.cloudWatchName() + '"'
        + (resolution == Resolution.HIGH ? ",\"StorageResolution\":1}" : "}");
    return new EmfParts(definition, ',' + quoted + ':');
  }
}
