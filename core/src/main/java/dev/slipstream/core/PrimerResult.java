package dev.slipstream.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What one primer did in {@link Priming#runAll()}.
 *
 * @param name the primer's name
 * @param elapsed how long it ran
 * @param failure what it threw, or null if it completed
 */
public record PrimerResult(String name, Duration elapsed, Throwable failure) {

  /**
   * Checks the components.
   *
   * @param name the primer's name
   * @param elapsed how long it ran
   * @param failure what it threw, or null
   */
  public PrimerResult {
    requireNonNull(name, "name must not be null");
    requireNonNull(elapsed, "elapsed must not be null");
  }

  /**
   * Whether the primer completed without throwing.
   *
   * @return true if the primer completed without throwing
   */
  public boolean succeeded() {
    return failure == null;
  }

  /**
   * What the primer threw, if anything.
   *
   * @return what the primer threw, or empty
   */
  public Optional<Throwable> error() {
    return Optional.ofNullable(failure);
  }
}
