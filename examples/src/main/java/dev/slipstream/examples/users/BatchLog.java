package dev.slipstream.examples.users;

import dev.slipstream.dynamo.BatchListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per batch retry round and per throttled request: what a stalled or throttled
 * import leaves in the log, instead of nothing. Only fixed words and numbers: no request text.
 * Package-private.
 */
final class BatchLog implements BatchListener {

  private static final Logger LOG = LoggerFactory.getLogger(BatchLog.class);

  @Override
  public void onThrottle(String operation, String table, int size) {
    LOG.warn("{} on {}: {} item(s) throttled, to be retried", operation, table, size);
  }

  @Override
  public void onRetry(String operation, int retry, int remaining, Duration delay) {
    LOG.info("{}: retry round {} for {} item(s) in {} ms", operation, retry, remaining,
        delay.toMillis());
  }
}
