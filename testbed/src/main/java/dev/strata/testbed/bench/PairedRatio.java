package dev.strata.testbed.bench;

import java.util.List;

/**
 * Adaptive over best static in one cell (model and scenario) from {@code n} pairs of runs, each
 * pair run back to back.
 *
 * <p>{@code ratio} divides the mean of the adaptive runs' mean latencies by that of the static
 * runs'; with one pair it is that pair's ratio. The interval is a 95% Student t interval on the
 * mean of the pairs' log ratios, turned back into a ratio: pairing takes out what the machine did
 * to both runs of a pair, and the log makes "5% slower" and "5% faster" the same distance. It needs
 * two pairs or more (NaN otherwise) and assumes the pairs' log ratios scatter normally around the
 * true one, which a handful of pairs cannot check.
 *
 * @param pairs pairs in the cell
 * @param ratio ratio of the mean latencies over every pair
 * @param lowest smallest single-pair ratio
 * @param highest largest single-pair ratio
 * @param low95 lower end of the 95% interval (NaN with one pair)
 * @param high95 upper end of the 95% interval (NaN with one pair)
 */
record PairedRatio(
    int pairs, double ratio, double lowest, double highest, double low95, double high95) {

  /** Two-sided 95% quantiles of Student's t for 1 to 30 degrees of freedom. */
  private static final double[] T95 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  /**
   * From each pair's mean latency, adaptive and static, in pair order.
   *
   * @throws IllegalArgumentException when the lists are empty or differ in length
   */
  static PairedRatio of(List<Double> adaptiveMeans, List<Double> staticMeans) {
    int n = adaptiveMeans.size();
    if (n == 0 || n != staticMeans.size()) {
      throw new IllegalArgumentException(
          "a paired ratio needs as many adaptive as static runs, at least one; got "
              + n
              + " and "
              + staticMeans.size());
    }
    double adaptiveSum = 0;
    double staticSum = 0;
    double lowest = Double.POSITIVE_INFINITY;
    double highest = Double.NEGATIVE_INFINITY;
    double[] logs = new double[n];
    for (int i = 0; i < n; i++) {
      double r = adaptiveMeans.get(i) / staticMeans.get(i);
      adaptiveSum += adaptiveMeans.get(i);
      staticSum += staticMeans.get(i);
      lowest = Math.min(lowest, r);
      highest = Math.max(highest, r);
      logs[i] = Math.log(r);
    }
    double ratio = adaptiveSum / staticSum;
    if (n < 2) {
      return new PairedRatio(n, ratio, lowest, highest, Double.NaN, Double.NaN);
    }
    double mean = 0;
    for (double l : logs) {
      mean += l / n;
    }
    double squares = 0;
    for (double l : logs) {
      squares += (l - mean) * (l - mean);
    }
    double halfWidth = t95(n - 1) * Math.sqrt(squares / (n - 1) / n);
    return new PairedRatio(
        n, ratio, lowest, highest, Math.exp(mean - halfWidth), Math.exp(mean + halfWidth));
  }

  private static double t95(int degrees) {
    return degrees <= T95.length ? T95[degrees - 1] : 1.96;
  }
}
