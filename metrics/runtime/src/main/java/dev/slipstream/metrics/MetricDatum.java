package dev.slipstream.metrics;

import java.util.Map;

/**
 * One metric's values over one batch, as sinks receive it. Values are distinct, each with how many
 * times it was recorded; a counter has one value, its sum, with count 1. Immutable (the arrays
 * are not shared with anything else).
 *
 * @param name the metric's name
 * @param unit its unit
 * @param dimensions its dimensions, default dimensions first
 * @param values distinct values
 * @param counts how often each value was recorded
 * @param min the smallest value
 * @param max the largest value
 * @param sum the sum of every recorded value
 * @param sampleCount how many values were recorded
 */
public record MetricDatum(String name, Unit unit, Map<String, String> dimensions,
    double[] values, long[] counts, double min, double max, double sum, long sampleCount) {}
