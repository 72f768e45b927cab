package dev.strata.core.adaptation;

/**
 * A metric that moved away from the value the current placement was planned with.
 *
 * @param plannedWith value at the last (re-)plan
 * @param now smoothed value now
 * @param relativeChange {@code (now - plannedWith) / scale(plannedWith)}
 * @param settled whether recent raw samples agree on the new level
 */
public record Drift(
    Metric metric, double plannedWith, double now, double relativeChange, boolean settled) {

  /** Human-readable, e.g. {@code link rpi-1->laptop bandwidth 20.1 -> 2.0 Mbit/s (-90%)}. */
  public String describe() {
    return metric.describeChange(plannedWith, now);
  }
}
