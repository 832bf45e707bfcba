package dev.slipstream.core;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A credentials provider replaced by a new one after every SnapStart restore: what the old one
 * cached was fetched for the environment the snapshot was taken in, possibly days ago.
 * Package-private.
 */
final class RenewedCredentials implements AwsCredentialsProvider, LifecycleHook {

  private static final Logger LOG = LoggerFactory.getLogger(ClientSetup.class);

  private final Supplier<AwsCredentialsProvider> factory;
  private final String description;
  private volatile AwsCredentialsProvider delegate;

  RenewedCredentials(Supplier<AwsCredentialsProvider> factory, String description) {
    this.factory = factory;
    this.description = description;
    this.delegate = factory.get();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return delegate.resolveCredentials();
  }

  /**
   * A new provider, and its first credentials fetched now: in the restore phase, not in the first
   * request. A failure is logged; the first call will try again.
   */
  @Override
  public void afterRestore() {
    AwsCredentialsProvider old = delegate;
    delegate = factory.get();
    if (old instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
    try {
      delegate.resolveCredentials();
      LOG.debug("Credentials renewed after restore: {}", description);
    } catch (RuntimeException e) {
      LOG.warn("Could not fetch credentials after restore ({}); the first call will retry",
          description, e);
    }
  }

  @Override
  public String toString() {
    return "RenewedCredentials[" + description + "]";
  }
}
