package dev.slipstream.profiler;

import java.util.Locale;

/**
 * A memory-size recommendation. Immutable.
 *
 * @param currentMb the function's memory size now
 * @param recommendedMb the smallest size that keeps peak RSS under the headroom and GC under its
 *     threshold; at most 10,240
 * @param fits false when even 10,240 MB is not enough: {@code recommendedMb} is then the maximum,
 *     and the reason says by how much it falls short
 * @param reason one line: why this size
 * @param heapSetting the heap limit it implies, as {@code JAVA_TOOL_OPTIONS}
 * @param currentCostPerMillion dollars per million invocations at the current size
 * @param recommendedCostPerMillion dollars per million invocations at the recommended size
 * @param pricing the prices used
 */
public record MemoryAdvice(int currentMb, int recommendedMb, boolean fits, String reason,
    String heapSetting, double currentCostPerMillion, double recommendedCostPerMillion,
    LambdaPricing pricing) {

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d MB -> %d MB: %s (%s); $%.2f -> $%.2f per million"
            + " invocations at %s prices of %s", currentMb, recommendedMb, reason, heapSetting,
        currentCostPerMillion, recommendedCostPerMillion, pricing.architecture(), pricing.asOf());
  }
}
