package dev.strata.core.adaptation;

/**
 * EWMA of one metric plus its last few raw samples. The EWMA ({@code estimate = a * sample + (1 -
 * a) * estimate}) damps noise and spikes for drift detection; the raw window says whether a change
 * has settled to a new level, and gives that level. Mutable; not thread-safe.
 */
public final class SmoothedMetric {

  private final double smoothing;
  private final double[] window;
  private int count;
  private double estimate;

  /** Starts at {@code first}, as if it had been observed once. */
  public SmoothedMetric(double smoothing, int windowSize, double first) {
    this.smoothing = smoothing;
    this.window = new double[windowSize];
    this.estimate = first;
    record(first);
  }

  /** Adds a raw sample. */
  public void observe(double sample) {
    estimate = smoothing * sample + (1 - smoothing) * estimate;
    record(sample);
  }

  public double estimate() {
    return estimate;
  }

  /** The last raw sample. */
  public double latest() {
    return window[(count - 1) % window.length];
  }

  /**
   * Whether the window is full and every sample in it lies past {@code tolerance} from {@code
   * base}, on the same side: the metric has moved to a new level and stayed there. Samples may
   * disagree with each other (measurements on a loaded link do), but one sample back inside the
   * tolerance, or on the other side, means the change has not settled; so a metric that oscillates
   * faster than the window never settles.
   */
  public boolean isSettled(double base, double tolerance, Metric.Kind kind) {
    if (count < window.length) {
      return false;
    }
    int side = 0;
    for (double sample : window) {
      double change = (sample - base) / kind.scale(base);
      int s = change > tolerance ? 1 : change < -tolerance ? -1 : 0;
      if (s == 0 || (side != 0 && s != side)) {
        return false;
      }
      side = s;
    }
    return true;
  }

  /** {@code (max - min) / scale(mean)} of the samples in the window. */
  public double spread(Metric.Kind kind) {
    int n = Math.min(count, window.length);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, window[i]);
      max = Math.max(max, window[i]);
    }
    return (max - min) / kind.scale(windowMean());
  }

  /** Mean of the samples in the window. */
  public double windowMean() {
    int n = Math.min(count, window.length);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += window[i];
    }
    return sum / n;
  }

  /** Jumps the estimate to a level the window has confirmed, so it does not lag behind it. */
  public void settleAtWindowMean() {
    estimate = windowMean();
  }

  private void record(double sample) {
    window[count % window.length] = sample;
    count++;
  }
}
