package dev.slipstream.core;

/**
 * {@link Ticker#system()}: a class rather than a method reference, so that making one bootstraps
 * no lambda during a cold start. Package-private.
 */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
