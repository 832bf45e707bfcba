/**
 * JMH benchmarks. Every benchmark runs beside the baseline it is compared with, in the same run:
 * the naive pattern the project's seed code shows, or the raw library call underneath.
 */
package dev.slipstream.benchmarks;
