package dev.slipstream.core.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The one rule of every Slipstream builder: each setting may be set once. A second call is a
 * mistake (two places configuring one thing, the later silently winning), so it throws, as
 * Caffeine's builders do. Settings that add to a list (a sink, a dimension) take each name once.
 * Not thread-safe, like the builders that hold it.
 */
public final class SetOnce {
  private final Set<String> set = new HashSet<>();

  /**
   * Records that {@code setting} is being set to {@code value}, already validated; call it in the
   * assignment, {@code this.ttl = once.set("ttl", checked(ttl))}, so a refused second call leaves
   * the first value in place.
   *
   * @param <T> the setting's type
   * @param setting the setter's name, as the message shows it
   * @param value the new value
   * @return {@code value}
   * @throws IllegalStateException if it was set before
   */
  public <T> T set(String setting, T value) {
    mark(setting);
    return value;
  }

  /**
   * Records that {@code setting} is being set.
   *
   * @param setting the setter's name, as the message shows it
   * @throws IllegalStateException if it was set before
   */
  public void mark(String setting) {
    if (!set.add(setting)) {
      throw new IllegalStateException(setting + " was already set; each builder setting may be"
          + " set once");
    }
  }
}
