/**
 * Memory profiling for Lambda invocations: {@link dev.slipstream.profiler.MemoryProfiler} measures
 * one invocation into a {@link dev.slipstream.profiler.MemoryReport};
 * {@link dev.slipstream.profiler.MemorySizeAdvisor} turns many reports into a memory-size
 * recommendation with its reason and cost. JDK APIs only.
 */
package dev.slipstream.profiler;
