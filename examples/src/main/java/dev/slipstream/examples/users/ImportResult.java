package dev.slipstream.examples.users;

import java.util.List;

/**
 * What an import did.
 *
 * @param written ids written
 * @param notWritten ids DynamoDB did not take before attempts or the deadline ran out
 */
public record ImportResult(List<String> written, List<String> notWritten) {

  /** Whether every user was written. */
  public boolean complete() {
    return notWritten.isEmpty();
  }
}
