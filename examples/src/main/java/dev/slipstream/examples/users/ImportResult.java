package dev.slipstream.examples.users;

import java.util.List;

/**
 * What an import did.
 *
 * @param written ids written
 * @param notWritten ids DynamoDB did not take before attempts or the deadline ran out: certainly
 *     not written
 * @param unconfirmed ids in flight when the deadline came: maybe written, maybe not
 */
public record ImportResult(List<String> written, List<String> notWritten,
    List<String> unconfirmed) {

  /**
   * Whether every user was written.
   *
   * @return true when nothing is left in either list
   */
  public boolean complete() {
    return notWritten.isEmpty() && unconfirmed.isEmpty();
  }
}
