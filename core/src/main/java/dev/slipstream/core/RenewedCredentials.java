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

  @Override
  public void afterRestore() {
    AwsCredentialsProvider old = delegate;
    delegate = factory.get();
    if (old instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
    LOG.debug("Credentials provider renewed after restore: {}", description);
  }

  @Override
  public String toString() {
    return "RenewedCredentials[" + description + "]";
  }
}
