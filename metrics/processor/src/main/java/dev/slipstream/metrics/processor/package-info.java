/**
 * The compile-time half of {@code @Measured}: {@link dev.slipstream.metrics.processor.MeasuredProcessor}
 * reads annotated types and writes their {@code Measured*} decorators. Everything but the processor
 * is package-private.
 */
package dev.slipstream.metrics.processor;
