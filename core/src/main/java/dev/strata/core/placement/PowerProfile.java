package dev.strata.core.placement;

/**
 * Power draw of a node in watts: {@code idleWatts} when idle, {@code maxWatts} with every core
 * busy. Invariant: {@code 0 <= idleWatts <= maxWatts}, both finite.
 */
public record PowerProfile(double idleWatts, double maxWatts) {

  public PowerProfile {
    if (!(idleWatts >= 0) || !(maxWatts >= idleWatts) || Double.isInfinite(maxWatts)) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "power",
          "power profile needs 0 <= idleWatts <= maxWatts, got "
              + idleWatts
              + " W / "
              + maxWatts
              + " W; fix the strata.dev/power-idle-watts and power-max-watts labels");
    }
  }

  /** Watts the node draws above idle while it computes: {@code maxWatts - idleWatts}. */
  public double dynamicWatts() {
    return maxWatts - idleWatts;
  }
}
