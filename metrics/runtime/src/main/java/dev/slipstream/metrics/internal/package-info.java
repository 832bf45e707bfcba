/**
 * Support for code the {@code @Measured} processor generates. <strong>Not API</strong>: public only
 * because generated classes live in the user's packages; it may change in any release without
 * notice, and its Javadoc is not published.
 */
package dev.slipstream.metrics.internal;
