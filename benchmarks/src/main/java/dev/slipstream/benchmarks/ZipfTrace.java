package dev.slipstream.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A repeatable Zipf-distributed trace of key indexes: rank r has weight 1 / r^s. */
public final class ZipfTrace {

  private ZipfTrace() {}

  /**
   * {@code length} draws over {@code keys} keys with exponent {@code s}, from {@code seed}.
   *
   * @return key indexes, 0 the most popular
   */
  public static int[] generate(int keys, double s, int length, long seed) {
    double[] cumulative = new double[keys];
    double sum = 0;
    for (int rank = 1; rank <= keys; rank++) {
      sum += 1.0 / Math.pow(rank, s);
      cumulative[rank - 1] = sum;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] trace = new int[length];
    for (int i = 0; i < length; i++) {
      double u = random.nextDouble() * sum;
      int index = Arrays.binarySearch(cumulative, u);
      trace[i] = index >= 0 ? index : Math.min(keys - 1, -index - 1);
    }
    return trace;
  }
}
