/** A user's code with {@code @Measured} types; see the tests for what the decorators do. */
package dev.slipstream.metrics.consumer;
