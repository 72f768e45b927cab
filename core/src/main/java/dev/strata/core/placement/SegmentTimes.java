package dev.strata.core.placement;

import java.util.Arrays;

/**
 * Measured time of every segment on one node, in milliseconds, as profiling reports it (median of k
 * runs on an otherwise idle node). Immutable; every entry is finite and {@code > 0}.
 */
public final class SegmentTimes {

  private final double[] ms;

  private SegmentTimes(double[] ms) {
    this.ms = ms;
  }

  /** Times of segments {@code 0..n-1}, in milliseconds. */
  public static SegmentTimes of(double... ms) {
    double[] copy = ms.clone();
    for (int s = 0; s < copy.length; s++) {
      if (!(copy[s] > 0) || Double.isInfinite(copy[s])) {
        throw new PlanningException(
            PlanningException.Reason.INVALID_PROBLEM,
            "segmentMs[" + s + "]",
            "segment time must be finite and > 0 ms, got " + copy[s] + "; re-profile the node");
      }
    }
    return new SegmentTimes(copy);
  }

  public int size() {
    return ms.length;
  }

  /** Time of segment {@code s} in milliseconds. */
  public double get(int s) {
    return ms[s];
  }

  /** Sum of the times of {@code range}, in milliseconds. */
  public double sum(SegmentRange range) {
    double total = 0;
    for (int s = range.from(); s < range.to(); s++) {
      total += ms[s];
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentTimes other && Arrays.equals(ms, other.ms);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ms);
  }

  @Override
  public String toString() {
    return Arrays.toString(ms);
  }
}
