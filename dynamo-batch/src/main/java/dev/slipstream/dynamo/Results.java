package dev.slipstream.dynamo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the result types. Package-private. */
final class Results {

  private Results() {}

  /** An unmodifiable copy without empty tables. */
  static <T> Map<String, List<T>> copy(Map<String, List<T>> byTable) {
    Map<String, List<T>> copy = new LinkedHashMap<>();
    byTable.forEach((table, list) -> {
      if (!list.isEmpty()) {
        copy.put(table, List.copyOf(list));
      }
    });
    return java.util.Collections.unmodifiableMap(copy);
  }

  static <T> List<T> flatten(Map<String, List<T>> byTable) {
    if (byTable.size() == 1) {
      return byTable.values().iterator().next();
    }
    List<T> all = new ArrayList<>();
    byTable.values().forEach(all::addAll);
    return java.util.Collections.unmodifiableList(all);
  }

  /** "users=12, orders=3". */
  static String describe(Map<String, ? extends List<?>> byTable) {
    if (byTable.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    byTable.forEach((table, list) -> {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(table).append('=').append(list.size());
    });
    return text.toString();
  }
}
