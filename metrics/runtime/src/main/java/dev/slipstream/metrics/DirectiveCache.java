package dev.slipstream.metrics;

import java.util.List;
import java.util.Map;

/**
 * The middle of an EMF document — namespace, dimension sets, metric definitions and dimension
 * values, everything between the timestamp and the first value — as the last batches wrote it,
 * one entry per document position in a batch. A function flushes the same metrics every
 * invocation, so its documents repeat that part byte for byte; {@link EmfSink} copies it in one
 * piece instead of writing a definition per metric. An entry is used only when the same
 * definitions ({@link EmfParts}, compared by identity: made once per metric) follow the same
 * dimensions and sets (identity: made once per aggregate, immutable) in the same namespace, so a
 * hit writes exactly what a miss would. Guarded by the sink; package-private.
 */
final class DirectiveCache {

  /** Documents of a batch remembered: most flushes write one or two. */
  static final int ENTRIES = 4;
  /** A middle longer than this is not kept (hundreds of long names): rare, and memory. */
  static final int MAX_BYTES = 32 * 1024;

  private final Entry[] entries = new Entry[ENTRIES];

  private static final class Entry {
    String namespace;
    Map<String, String> dimensions;
    List<List<String>> dimensionSets;
    EmfParts[] parts = new EmfParts[16];
    int count;
    byte[] bytes = new byte[256];
    int length;
  }

  /**
   * The remembered middle of document {@code position}, if it was written for exactly these
   * metrics; null otherwise.
   *
   * @param data the batch's datums; the document's are {@code data[members[part[i]]]}
   */
  byte[] find(int position, String namespace, EmfMetric lead, EmfMetric[] data,
      int[] members, int[] part, int inPart) {
    if (position >= ENTRIES) {
      return null;
    }
    Entry entry = entries[position];
    if (entry == null || entry.count != inPart || entry.dimensions != lead.dimensions
        || entry.dimensionSets != lead.dimensionSets || !entry.namespace.equals(namespace)) {
      return null;
    }
    EmfParts[] parts = entry.parts;
    for (int i = 0; i < inPart; i++) {
      if (parts[i] != data[members[part[i]]].emf) {
        return null;
      }
    }
    return entry.bytes;
  }

  /** How many bytes of {@link #find}'s array are the middle. */
  int length(int position) {
    return entries[position].length;
  }

  /**
   * Remembers the middle just written, {@code bytes[from .. to)}, for document
   * {@code position}.
   */
  void remember(int position, String namespace, EmfMetric lead, EmfMetric[] data,
      int[] members, int[] part, int inPart, byte[] bytes, int from, int to) {
    if (position >= ENTRIES) {
      return;
    }
    int length = to - from;
    if (length > MAX_BYTES) {
      entries[position] = null;
      return;
    }
    Entry entry = entries[position];
    if (entry == null) {
      entry = new Entry();
      entries[position] = entry;
    }
    if (entry.parts.length < inPart) {
      entry.parts = new EmfParts[Math.max(inPart, 2 * entry.parts.length)];
    }
    for (int i = 0; i < inPart; i++) {
      entry.parts[i] = data[members[part[i]]].emf;
    }
    if (entry.bytes.length < length) {
      entry.bytes = new byte[Math.max(length, 2 * entry.bytes.length)];
    }
    System.arraycopy(bytes, from, entry.bytes, 0, length);
    entry.length = length;
    entry.count = inPart;
    entry.namespace = namespace;
    entry.dimensions = lead.dimensions;
    entry.dimensionSets = lead.dimensionSets;
  }
}
