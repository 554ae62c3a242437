package dev.ratchet.bench;

import java.util.Arrays;

/**
 * The median of several runs of one measurement, with its spread (minimum and maximum) and the
 * number of runs. A single run has a spread of zero width.
 */
public record Stats(double median, double min, double max, int runs) {

  public static Stats of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to summarise");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Stats(median, sorted[0], sorted[n - 1], n);
  }

  /** A derived figure: every value multiplied by {@code factor}. */
  public Stats scaled(double factor) {
    double a = min * factor;
    double b = max * factor;
    return new Stats(median * factor, Math.min(a, b), Math.max(a, b), runs);
  }

  /** The figure {@code numerator / value} (a rate turned into a cost): min and max swap. */
  public Stats inverted(double numerator) {
    return new Stats(numerator / median, numerator / max, numerator / min, runs);
  }
}
