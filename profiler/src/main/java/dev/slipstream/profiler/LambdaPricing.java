package dev.slipstream.profiler;

import java.time.LocalDate;

/**
 * Lambda's on-demand compute and request prices, per architecture: dated, because AWS changes
 * them, and replaceable through {@link MemorySizeAdvisor.Builder#pricing(LambdaPricing)}.
 *
 * @param architecture {@code x86_64} or {@code arm64}
 * @param dollarsPerGbSecond compute price
 * @param dollarsPerMillionRequests request price
 * @param asOf when these prices were read
 */
public record LambdaPricing(String architecture, double dollarsPerGbSecond,
    double dollarsPerMillionRequests, LocalDate asOf) {

  /** us-east-1, first pricing tier, x86_64: $0.0000166667 per GB-second, $0.20 per million requests. */
  public static final LambdaPricing X86_64 =
      new LambdaPricing("x86_64", 0.0000166667, 0.20, LocalDate.of(2026, 11, 27));
  /** us-east-1, first pricing tier, arm64 (Graviton): $0.0000133334 per GB-second. */
  public static final LambdaPricing ARM64 =
      new LambdaPricing("arm64", 0.0000133334, 0.20, LocalDate.of(2026, 11, 27));

  /**
   * Validates the prices.
   *
   * @param architecture the instruction set the prices are for, such as {@code x86_64}
   * @param dollarsPerGbSecond the duration price
   * @param dollarsPerMillionRequests the request price
   * @param asOf the day the prices were read
   */
  public LambdaPricing {
    if (!(dollarsPerGbSecond > 0) || !(dollarsPerMillionRequests >= 0)) {
      throw new IllegalArgumentException("prices must be positive, but were " + dollarsPerGbSecond
          + " per GB-second and " + dollarsPerMillionRequests + " per million requests");
    }
  }

  /**
   * Dollars for a million invocations of {@code averageMillis} each at {@code memoryMb}.
   *
   * @param memoryMb the function's memory size, in MB
   * @param averageMillis the average billed duration, in milliseconds
   * @return the cost in US dollars
   */
  public double perMillion(int memoryMb, double averageMillis) {
    double gbSeconds = (memoryMb / 1024.0) * (averageMillis / 1000.0) * 1_000_000;
    return gbSeconds * dollarsPerGbSecond + dollarsPerMillionRequests;
  }
}
