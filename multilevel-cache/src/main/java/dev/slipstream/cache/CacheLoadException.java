package dev.slipstream.cache;

/** A loader failed; the message names the cache and the key, the cause is the loader's exception. */
public final class CacheLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CacheLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
